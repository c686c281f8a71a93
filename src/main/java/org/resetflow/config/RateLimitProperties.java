package org.resetflow.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often a client network (an IPv4 address, an IPv6 /64; see {@link ClientNetworks}) may ask for resets and try
 * links, and how often one identifier may be asked for. Behind a reverse proxy, list it in
 * {@code resetflow.trusted-proxies} so that the client's network counts, not the proxy's.
 *
 * <p>The identifier has two limits because a newer request replaces the live link: with one limit for everybody, a
 * stranger could use it up and leave the owner without a working link. So each network gets its own share for an
 * identifier ({@code requestsPerIdentifier}), and a higher cap across all networks ({@code
 * requestsPerIdentifierAllNetworks}) stops an attacker with many networks. A share above the cap has no effect.
 *
 * <p>On PostgreSQL the buckets are shared by every node ({@link RateLimiters}); {@code keySecret} (from the
 * environment, {@code RESETFLOW_RATE_LIMIT_KEY_SECRET}, the same on every node) keys the hash that names their rows.
 */
@Validated
@ConfigurationProperties("resetflow.rate-limit")
public record RateLimitProperties(
        @Min(1) @DefaultValue("5") int requestsPerIdentifier,
        @Min(1) @DefaultValue("20") int requestsPerIdentifierAllNetworks,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("PT1H") Duration identifierWindow,
        @Min(1) @DefaultValue("20") int requestsPerAddress,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("PT1M") Duration addressWindow,
        @Min(1) @DefaultValue("30") int linkChecksPerAddress,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("PT1M") Duration linkCheckWindow,
        @NotNull @DefaultValue("") String keySecret) {

    @Override
    public String toString() {
        // A record would print the secret.
        return "RateLimitProperties[requestsPerIdentifier=" + requestsPerIdentifier + ", requestsPerIdentifierAllNetworks="
                + requestsPerIdentifierAllNetworks + ", identifierWindow=" + identifierWindow + ", requestsPerAddress="
                + requestsPerAddress + ", addressWindow=" + addressWindow + ", linkChecksPerAddress="
                + linkChecksPerAddress + ", linkCheckWindow=" + linkCheckWindow + "]";
    }
}

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
 *
 * @param requestsPerIdentifier            reset requests for one identifier from one client network in
 *                                         {@code identifierWindow}
 * @param requestsPerIdentifierAllNetworks reset requests for one identifier from all networks together in
 *                                         {@code identifierWindow}
 * @param identifierWindow                 the period both identifier limits count over
 * @param requestsPerAddress               reset requests from one client network in {@code addressWindow}, whatever
 *                                         the identifier
 * @param addressWindow                    the period of {@code requestsPerAddress}
 * @param linkChecksPerAddress             reset links one client network may open or post in
 *                                         {@code linkCheckWindow}, against token guessing; past it a 429 page
 * @param linkCheckWindow                  the period of {@code linkChecksPerAddress}
 * @param keySecret                        the key of the hash that names the shared buckets' rows (PostgreSQL), only
 *                                         from the environment; empty: a plain hash, and a warning at startup
 * @param purgeInterval                    how often the shared buckets that are full again are deleted from the
 *                                         database (PostgreSQL only; a full bucket is worth no row)
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
        @NotNull @DefaultValue("") String keySecret,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("PT5M") Duration purgeInterval) {

    @Override
    public String toString() {
        // A record would print the secret.
        return "RateLimitProperties[requestsPerIdentifier=" + requestsPerIdentifier + ", requestsPerIdentifierAllNetworks="
                + requestsPerIdentifierAllNetworks + ", identifierWindow=" + identifierWindow + ", requestsPerAddress="
                + requestsPerAddress + ", addressWindow=" + addressWindow + ", linkChecksPerAddress="
                + linkChecksPerAddress + ", linkCheckWindow=" + linkCheckWindow + ", purgeInterval=" + purgeInterval + "]";
    }
}

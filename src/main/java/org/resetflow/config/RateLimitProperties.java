package org.resetflow.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often one client network (an IPv4 address, an IPv6 /64; see {@link ClientNetworks}) or one identifier may ask
 * for a reset, and how often one network may try links. Behind a reverse proxy, list it in
 * {@code resetflow.trusted-proxies} so the client's address is used.
 */
@Validated
@ConfigurationProperties("resetflow.rate-limit")
public record RateLimitProperties(
        @Min(1) @DefaultValue("5") int requestsPerIdentifier,
        @NotNull @DefaultValue("PT1H") Duration identifierWindow,
        @Min(1) @DefaultValue("20") int requestsPerAddress,
        @NotNull @DefaultValue("PT1M") Duration addressWindow,
        @Min(1) @DefaultValue("30") int linkChecksPerAddress,
        @NotNull @DefaultValue("PT1M") Duration linkCheckWindow) {
}

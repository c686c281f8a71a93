package org.resetflow.request;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The request inbox and the directory budget.
 *
 * @param maxLookupsPerSecond the directory budget: resets started (and so look-ups sent) per second, per node; a
 *                            flood of requests waits in the inbox instead of reaching the directory
 * @param maxQueued           inbox depth past which a request is dropped (same neutral answer; counted in
 *                            {@code resetflow.requests.dropped} and logged)
 * @param batchSize           most resets the starter starts in one transaction
 * @param starterInterval     pause between the starter's rounds
 */
@Validated
@ConfigurationProperties("resetflow.request")
record RequestProperties(
        @Min(1) @Max(100_000) @DefaultValue("50") int maxLookupsPerSecond,
        @Min(1) @DefaultValue("10000") int maxQueued,
        @Min(1) @Max(1000) @DefaultValue("100") int batchSize,
        @NotNull @DefaultValue("100ms") Duration starterInterval) {
}

package org.resetflow.request;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The request inbox and the directory budget.
 *
 * @param maxLookupsPerSecond the directory budget: resets started from the inbox per second, for all nodes together
 *                            where they share PostgreSQL (for this node alone on H2); a flood of requests waits in the
 *                            inbox instead of reaching the directory. It counts starts, not directory requests: the
 *                            look-up of an identifier with {@code @} searches twice (user name and e-mail), and
 *                            retries and helpdesk resets are not counted
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
        @NotNull @DurationMin(millis = 10) @DefaultValue("100ms") Duration starterInterval) {
}

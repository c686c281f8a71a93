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
 * @param maxLookupsPerSecond the directory budget: identifiers the intake looks up per second, for all nodes together
 *                            where they share PostgreSQL (for this node alone on H2); a flood of requests waits in the
 *                            inbox instead of reaching the directory. It counts identifiers, not directory requests:
 *                            a batched search asks for many identifiers in one request, the per-identifier fallback
 *                            searches an identifier with {@code @} twice (user name and e-mail), and a retried batch
 *                            and helpdesk resets are not counted
 * @param maxQueued           inbox depth past which a request is dropped (same neutral answer; counted in
 *                            {@code resetflow.requests.dropped} and logged)
 * @param batchSize           most requests in one intake batch (at most 100: one batched directory search)
 * @param starterInterval     pause between the starter's rounds
 */
@Validated
@ConfigurationProperties("resetflow.request")
record RequestProperties(
        @Min(1) @Max(100_000) @DefaultValue("50") int maxLookupsPerSecond,
        @Min(1) @DefaultValue("10000") int maxQueued,
        @Min(1) @Max(100) @DefaultValue("100") int batchSize,
        @NotNull @DurationMin(millis = 10) @DefaultValue("100ms") Duration starterInterval) {
}

package org.resetflow.password;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Local password rules (the directory may add its own on top), and how much of the service password submissions may
 * hold: each one holds a database connection while the directory answers, so at most
 * {@code maxConcurrentSubmissions} run at once (keep it well below the connection pool), and a submission waits at
 * most {@code submissionQueueWait} for its turn before the user is asked to try again.
 *
 * @param minLength                the shortest new password accepted
 * @param maxLength                the longest new password accepted
 * @param minStrength              the zxcvbn score (0 to 4) a new password needs
 * @param maxConcurrentSubmissions password submissions this node works on at once, each holding a database
 *                                 connection while the directory answers
 * @param submissionQueueWait      how long a submission waits for one of those places before the user is asked to
 *                                 try again in a moment
 * @param recoveryInterval         how often this node finishes resets whose password the directory accepted but whose
 *                                 process did not record it (a crash between the two)
 */
@Validated
@ConfigurationProperties("resetflow.password")
record PasswordProperties(
        @Min(1) @DefaultValue("8") int minLength,
        @Max(1024) @DefaultValue("128") int maxLength,
        @Min(0) @Max(4) @DefaultValue("3") int minStrength,
        @Min(1) @DefaultValue("4") int maxConcurrentSubmissions,
        @NotNull @DefaultValue("2s") Duration submissionQueueWait,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("10s") Duration recoveryInterval) {
}

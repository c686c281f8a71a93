package org.resetflow.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded H2 database on disk ({@link H2FileCompaction}); without effect on PostgreSQL or an in-memory H2.
 *
 * @param compactInterval pause between two rounds of compacting the database file (each at most 500 ms), which H2
 *     does not do by itself with {@code WRITE_DELAY=0}; longer lets the file grow further between rounds
 */
@Validated
@ConfigurationProperties("resetflow.h2")
record H2Properties(@NotNull @DurationMin(millis = 100) @DefaultValue("PT5S") Duration compactInterval) {
}

package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A file database stays the size of its data under a steady stream of commits. With every commit written at once
 * (WRITE_DELAY=0, for crash safety) H2 compacts nothing by itself: before ResetFlow compacted the file, this churn of
 * 20,000 short transactions over a table that never holds more than a few rows left a file of hundreds of MiB.
 */
@SpringBootTest(properties = {
        "resetflow.demo.smtp-port=0",
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.h2.compact-interval=PT1S"})
class H2FileCompactionTest {

    private static final Path DIRECTORY = temporaryDirectory();
    private static final long MIB = 1024 * 1024;

    @DynamicPropertySource
    static void fileDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + DIRECTORY.resolve("resetflow"));
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldKeepTheFileAtTheSizeOfItsDataWhileItServes() {
        // Given a file database that commits every transaction at once
        assertThat(jdbc.queryForList("SELECT DISTINCT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                + "WHERE SETTING_NAME = 'WRITE_DELAY'", String.class)).containsExactly("0");

        // When 20,000 short transactions come and go (one-time bot-defence solutions, inserted and purged)
        Timestamp expiry = Timestamp.from(Instant.now().plusSeconds(60));
        for (int i = 0; i < 10_000; i++) {
            jdbc.update("INSERT INTO rf_bot_solution (challenge, expires_at) VALUES (?, ?)", "c" + i, expiry);
            jdbc.update("DELETE FROM rf_bot_solution WHERE challenge = ?", "c" + i);
        }

        // Then the file shrinks back to a few MiB without a restart, and the database still answers
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(fileSize()).as("file size").isLessThan(32 * MIB));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rf_bot_solution", Long.class)).isZero();
    }

    private static long fileSize() throws IOException {
        return Files.size(DIRECTORY.resolve("resetflow.mv.db"));
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("h2-compaction");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

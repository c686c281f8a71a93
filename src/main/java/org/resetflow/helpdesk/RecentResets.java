package org.resetflow.helpdesk;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * The resets that found each account, kept for the policy's window. The engine's history could answer the same
 * question, but only by joining every historic reset's variables (a scan that grew with each day of history and was a
 * sixth of the job executor's CPU under load), and not at all with the history level {@code none} or after a history
 * clean-up.
 */
@Repository
class RecentResets {

    private static final Logger log = LoggerFactory.getLogger(RecentResets.class);

    private final JdbcTemplate jdbc;
    private final HelpdeskProperties properties;
    private final Clock clock;

    RecentResets(JdbcTemplate jdbc, HelpdeskProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Counts the account's resets within the window and records this one. Runs in the job's transaction: a rolled back
     * decision records nothing, so a retry counts the same.
     */
    long countEarlierAndRecord(String accountId) {
        Instant now = clock.instant();
        Long earlier = jdbc.queryForObject(
                "SELECT COUNT(*) FROM rf_account_reset WHERE account_id = ? AND started_at > ?", Long.class,
                accountId, Timestamp.from(now.minus(properties.recentRequestsWindow())));
        jdbc.update("INSERT INTO rf_account_reset (account_id, started_at) VALUES (?, ?)", accountId,
                Timestamp.from(now));
        return earlier == null ? 0 : earlier;
    }

    @Scheduled(fixedDelayString = "${resetflow.token.purge-interval:PT1H}", initialDelayString = "PT5M")
    void purgeOutsideWindow() {
        int purged = jdbc.update("DELETE FROM rf_account_reset WHERE started_at <= ?",
                Timestamp.from(clock.instant().minus(properties.recentRequestsWindow())));
        if (purged > 0) {
            log.debug("Purged {} resets older than the policy's window", purged);
        }
    }
}

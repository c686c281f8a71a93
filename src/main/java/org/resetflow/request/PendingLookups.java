package org.resetflow.request;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * What a requester typed, held for "Look up account" and for nothing else. People type passwords into the identifier
 * field, so it stays out of the engine: no process variable, no history row, no Cockpit view. After the lookup only
 * the account's id and user name (a match) or the reason (no match) remain, in the process.
 */
@Service
public class PendingLookups {

    private static final Logger log = LoggerFactory.getLogger(PendingLookups.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    PendingLookups(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void hold(String processInstanceId, String identifier) {
        jdbc.update("INSERT INTO rf_pending_lookup (process_instance_id, identifier, created_at) VALUES (?, ?, ?)",
                processInstanceId, identifier, Timestamp.from(clock.instant()));
    }

    /**
     * Takes the identifier typed for this reset, deleting it in the caller's transaction: if the lookup fails and
     * rolls back, its retry finds the identifier again.
     */
    public Optional<String> take(String processInstanceId) {
        List<String> found = jdbc.queryForList(
                "SELECT identifier FROM rf_pending_lookup WHERE process_instance_id = ?", String.class,
                processInstanceId);
        jdbc.update("DELETE FROM rf_pending_lookup WHERE process_instance_id = ?", processInstanceId);
        return found.stream().findFirst();
    }

    /** Resets deleted by an admin before their lookup leave their row behind; a day later nobody needs it. */
    @Scheduled(fixedDelayString = "${resetflow.token.purge-interval:PT1H}", initialDelayString = "PT5M")
    public void purgeStale() {
        int purged = jdbc.update("DELETE FROM rf_pending_lookup WHERE created_at < ?",
                Timestamp.from(clock.instant().minus(Duration.ofDays(1))));
        if (purged > 0) {
            log.info("Purged {} identifiers of resets that never reached their lookup", purged);
        }
    }
}

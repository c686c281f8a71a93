package org.resetflow.request;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The request inbox ({@code rf_reset_request}): what a requester typed, from the request page until "Look up
 * account" has used it, and for nothing else. People type passwords into the identifier field, so it stays out of
 * the engine: no process variable, no history row, no Cockpit view. After the lookup only the account's id and user
 * name (a match) or the reason (no match) remain, in the process.
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

    /** A queued request, as the starter sees it: never the identifier. */
    record Queued(String requestId, String clientAddress, Timestamp requestedAt, String language) {
    }

    /** The request page's one write: a single insert, committed before the answer. */
    void enqueue(String identifier, String clientAddress, String language) {
        jdbc.update("INSERT INTO rf_reset_request (request_id, identifier, client_address, requested_at, "
                + "request_language) VALUES (?, ?, ?, ?, ?)", UUID.randomUUID().toString(), identifier, clientAddress,
                Timestamp.from(clock.instant()), language);
    }

    /**
     * The oldest requests no reset has been started for, locked until the caller's transaction ends. Rows another
     * node's starter holds are skipped, not waited for: that node starts them, and this one takes the next ones at
     * the same time, so no row is started twice and no starter queues behind another (PostgreSQL and H2 alike).
     */
    List<Queued> oldestWaiting(int limit) {
        return jdbc.query("SELECT request_id, client_address, requested_at, request_language FROM rf_reset_request "
                        + "WHERE process_instance_id IS NULL ORDER BY requested_at FETCH FIRST " + limit
                        + " ROWS ONLY FOR UPDATE SKIP LOCKED",
                (row, n) -> new Queued(row.getString(1), row.getString(2), row.getTimestamp(3), row.getString(4)));
    }

    void started(String requestId, String processInstanceId) {
        jdbc.update("UPDATE rf_reset_request SET process_instance_id = ? WHERE request_id = ?", processInstanceId,
                requestId);
    }

    long waiting() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM rf_reset_request WHERE process_instance_id IS NULL",
                Long.class);
        return count == null ? 0 : count;
    }

    /**
     * Takes the identifier typed for this reset, deleting it in the caller's transaction: if the lookup fails and
     * rolls back, its retry finds the identifier again.
     */
    public Optional<String> take(String processInstanceId) {
        List<String> found = jdbc.queryForList(
                "SELECT identifier FROM rf_reset_request WHERE process_instance_id = ?", String.class,
                processInstanceId);
        if (!found.isEmpty()) {
            jdbc.update("DELETE FROM rf_reset_request WHERE process_instance_id = ?", processInstanceId);
        }
        return found.stream().findFirst();
    }

    /** Resets deleted by an admin before their lookup leave their row behind; a day later nobody needs it. */
    @Scheduled(fixedDelayString = "${resetflow.token.purge-interval:PT1H}", initialDelayString = "PT5M")
    public void purgeStale() {
        int purged = jdbc.update("DELETE FROM rf_reset_request WHERE requested_at < ?",
                Timestamp.from(clock.instant().minus(Duration.ofDays(1))));
        if (purged > 0) {
            log.info("Purged {} identifiers of requests that never reached their lookup", purged);
        }
    }
}

package org.resetflow.request;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The request inbox ({@code rf_reset_request}): what a requester typed, from the request page until the intake's
 * "Look up accounts" has used it, and for nothing else. People type passwords into the identifier field, so it stays
 * out of the engine: no process variable, no history row, no Cockpit view. An intake batch names its rows by the
 * batch's id only; after the look-up only the resets of the accounts found remain, with the account's id and names.
 */
@Service
public class PendingLookups {

    private static final Logger log = LoggerFactory.getLogger(PendingLookups.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private volatile Boolean onH2;

    PendingLookups(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A request of a batch, as "Look up accounts" reads it: the only place the typed identifier leaves the table. */
    record Pending(String requestId, String identifier, String clientAddress, Timestamp requestedAt, String language,
                   RequestPurpose purpose) {

        @Override
        public String toString() {
            // The identifier may be a password typed into the wrong field: never in a log line or a message.
            return "Pending[" + requestId + "]";
        }
    }

    /** A request for a new password. */
    void enqueue(String identifier, String clientAddress, String language) {
        enqueue(identifier, clientAddress, language, RequestPurpose.RESET);
    }

    /** The request page's one write: a single insert, committed before the answer. */
    void enqueue(String identifier, String clientAddress, String language, RequestPurpose purpose) {
        jdbc.update("INSERT INTO rf_reset_request (request_id, identifier, client_address, requested_at, "
                + "request_language, purpose) VALUES (?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), identifier,
                clientAddress, Timestamp.from(clock.instant()), language, purpose.value());
    }

    /**
     * Claims the oldest unclaimed requests for a batch, in the caller's transaction. Rows another node's starter holds
     * are skipped, not waited for: that node claims them, and this one takes the next ones at the same time, so no
     * row is in two batches and no starter queues behind another (PostgreSQL and H2 alike).
     *
     * @return how many rows the batch holds
     */
    int claim(String batchId, int limit) {
        List<String> ids = jdbc.queryForList(claimStatement(limit), String.class);
        for (String id : ids) {
            jdbc.update("UPDATE rf_reset_request SET batch_id = ? WHERE request_id = ?", batchId, id);
        }
        return ids.size();
    }

    /**
     * The claim's statement. PostgreSQL stops at the limit under {@code FOR UPDATE SKIP LOCKED}. H2 locks every row
     * that matches before it applies the limit, and sorts them first unless told which index gives the order: with
     * 10,000 requests waiting, 10,000 rows read and locked for a batch of 5, ten times a second (28 ms each, the
     * starter's largest cost in the issue 20 profile). On H2, which serves one node only, the oldest rows are picked
     * without a lock in the order of {@code rf_reset_request_due} and only those are locked.
     */
    String claimStatement(int limit) {
        if (h2()) {
            return "SELECT request_id FROM rf_reset_request WHERE request_id IN (SELECT request_id FROM "
                    + "rf_reset_request USE INDEX (rf_reset_request_due) WHERE batch_id IS NULL "
                    + "AND process_instance_id IS NULL ORDER BY requested_at FETCH FIRST " + limit + " ROWS ONLY) "
                    + "AND batch_id IS NULL FOR UPDATE SKIP LOCKED";
        }
        return "SELECT request_id FROM rf_reset_request WHERE batch_id IS NULL AND process_instance_id IS NULL "
                + "ORDER BY requested_at FETCH FIRST " + limit + " ROWS ONLY FOR UPDATE SKIP LOCKED";
    }

    /** The batch's requests, oldest first. */
    List<Pending> batch(String batchId) {
        return jdbc.query("SELECT request_id, identifier, client_address, requested_at, request_language, purpose "
                        + "FROM rf_reset_request WHERE batch_id = ? ORDER BY requested_at, request_id",
                (row, n) -> new Pending(row.getString(1), row.getString(2), row.getString(3), row.getTimestamp(4),
                        row.getString(5), RequestPurpose.of(row.getString(6))), batchId);
    }

    /**
     * Deletes the batch's rows in the caller's transaction, the one that starts their resets. Fewer rows than were
     * read means another transaction took them meanwhile (the same batch started twice by hand): that one starts
     * their resets, so this one must fail and roll back rather than start them a second time.
     */
    void done(String batchId, int expectedRows) {
        int deleted = jdbc.update("DELETE FROM rf_reset_request WHERE batch_id = ?", batchId);
        if (deleted != expectedRows) {
            throw new IllegalStateException("Batch " + batchId + " held " + expectedRows + " requests, " + deleted
                    + " were left to delete: another transaction handled it");
        }
    }

    /** Requests no batch has claimed yet: all of them, for the inbox's bound and its gauge. */
    long waiting() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM rf_reset_request "
                + "WHERE batch_id IS NULL AND process_instance_id IS NULL", Long.class);
        return count == null ? 0 : count;
    }

    /** Requests no batch has claimed yet, counted up to {@code limit}: what a starter's round needs to know. */
    int due(int limit) {
        Integer count = jdbc.queryForObject(dueStatement(limit), Integer.class);
        return count == null ? 0 : count;
    }

    /** Reads at most {@code limit} rows, whatever waits behind them (on H2 only with the index named). */
    String dueStatement(int limit) {
        return "SELECT COUNT(*) FROM (SELECT 1 FROM rf_reset_request"
                + (h2() ? " USE INDEX (rf_reset_request_due)" : "") + " WHERE batch_id IS NULL AND process_instance_id IS NULL ORDER BY requested_at FETCH FIRST " + limit
                + " ROWS ONLY) AS due";
    }

    private boolean h2() {
        Boolean h2 = onH2;
        if (h2 == null) {
            h2 = jdbc.execute((ConnectionCallback<Boolean>) connection ->
                    "H2".equals(connection.getMetaData().getDatabaseProductName()));
            onH2 = h2;
        }
        return h2;
    }

    /** Batches deleted by an admin before their look-up leave their rows behind; a day later nobody needs them. */
    @Scheduled(fixedDelayString = "${resetflow.token.purge-interval:PT1H}", initialDelayString = "PT5M")
    public void purgeStale() {
        int purged = jdbc.update("DELETE FROM rf_reset_request WHERE requested_at < ?",
                Timestamp.from(clock.instant().minus(Duration.ofDays(1))));
        if (purged > 0) {
            log.info("Purged {} identifiers of requests that never reached their lookup", purged);
        }
    }
}

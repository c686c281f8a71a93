package org.resetflow.password;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable record of a reset's password write ({@code rf_password_write}). Each record is committed in a
 * transaction of its own, at once, on a connection of its own: the page's transaction may still fail afterwards
 * (an optimistic-locking clash with the expiry timer, a lost connection), and the record must outlive that.
 */
@Service
public class PasswordWrites {

    /** What is known of a write. */
    public enum Outcome { ACCEPTED, UNCONFIRMED }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    PasswordWrites(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** The directory took the password: from now on the reset ends as "Password reset", whatever fails next. */
    public void recordAccepted(String processInstanceId) {
        record(processInstanceId, Outcome.ACCEPTED);
    }

    /** A write was sent and its outcome is unknown: a refusal that follows is not the user's fault. */
    public void recordUnconfirmed(String processInstanceId) {
        record(processInstanceId, Outcome.UNCONFIRMED);
    }

    public Optional<Outcome> outcome(String processInstanceId) {
        return jdbc.queryForList("SELECT outcome FROM rf_password_write WHERE process_instance_id = ?", String.class,
                processInstanceId).stream().findFirst().map(Outcome::valueOf);
    }

    /** Accepted writes recorded before {@code settled} ago: the page that made them has committed or failed. */
    List<String> acceptedBefore(Duration settled) {
        return jdbc.queryForList("SELECT process_instance_id FROM rf_password_write WHERE outcome = ? AND recorded_at < ?",
                String.class, Outcome.ACCEPTED.name(), Timestamp.from(clock.instant().minus(settled)));
    }

    /** The reset is over; its record has served. */
    public void forget(String processInstanceId) {
        jdbc.update("DELETE FROM rf_password_write WHERE process_instance_id = ?", processInstanceId);
    }

    private void record(String processInstanceId, Outcome outcome) {
        ownTransaction.executeWithoutResult(status -> {
            Timestamp now = Timestamp.from(clock.instant());
            // An accepted write is final; an unconfirmed one may later turn out accepted.
            int updated = jdbc.update("UPDATE rf_password_write SET outcome = ?, recorded_at = ? "
                    + "WHERE process_instance_id = ? AND outcome <> ?", outcome.name(), now, processInstanceId,
                    Outcome.ACCEPTED.name());
            if (updated == 0 && outcome(processInstanceId).isEmpty()) {
                jdbc.update("INSERT INTO rf_password_write (process_instance_id, outcome, recorded_at) VALUES (?, ?, ?)",
                        processInstanceId, outcome.name(), now);
            }
        });
    }
}

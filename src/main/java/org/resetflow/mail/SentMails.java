package org.resetflow.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sent-mail ledger ({@code rf_sent_mail}): which mails of a reset the SMTP server has accepted. A mail step runs
 * in the job's transaction, but the mail leaves at once; if the job then fails (the node killed, the database gone)
 * the engine runs it again. The ledger row is committed in a transaction of its own right after the server's
 * acceptance, so the rerun finds it and does not mail again. What remains is the moment between the server's
 * acceptance and that commit: a rerun then mails the same message again, with the same Message-ID and the same link.
 */
@Service
public class SentMails {

    /** The confirmation: a reset's password changes once, so it has one confirmation. */
    public static final String PASSWORD_CHANGED = "password-changed";

    private static final Logger log = LoggerFactory.getLogger(SentMails.class);

    /** What the ledger knows of one accepted mail; {@code linkExpiresAt} is the expiry a link mail told. */
    public record SentMail(Instant sentAt, Instant linkExpiresAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final MailProperties properties;

    SentMails(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Clock clock,
              MailProperties properties) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.properties = properties;
    }

    /** The key of the link mail a job sends: a new job (not a rerun of this one) is a new link. */
    public static String resetLinkKey(String jobId) {
        return "reset-link:" + jobId;
    }

    public Optional<SentMail> find(String processInstanceId, String mailKey) {
        return jdbc.query("SELECT sent_at, link_expires_at FROM rf_sent_mail WHERE process_instance_id = ? AND mail_key = ?",
                (rs, row) -> new SentMail(rs.getTimestamp(1).toInstant(),
                        rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()),
                processInstanceId, mailKey).stream().findFirst();
    }

    /**
     * Sends a mail unless the ledger says the SMTP server already accepted it, and records it as soon as it has.
     *
     * @param send sends the mail with the Message-ID it is given
     * @return whether the mail was sent now
     */
    public boolean sendOnce(String processInstanceId, String mailKey, Instant linkExpiresAt, Consumer<String> send) {
        Optional<SentMail> sent = find(processInstanceId, mailKey);
        if (sent.isPresent()) {
            log.info("Not mailing {} of reset {} again: the mail server accepted it at {}", kind(mailKey),
                    processInstanceId, sent.get().sentAt());
            return false;
        }
        send.accept(messageId(processInstanceId, mailKey));
        record(processInstanceId, mailKey, linkExpiresAt);
        return true;
    }

    private void record(String processInstanceId, String mailKey, Instant linkExpiresAt) {
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.update(
                    "INSERT INTO rf_sent_mail (process_instance_id, mail_key, sent_at, link_expires_at) VALUES (?, ?, ?, ?)",
                    processInstanceId, mailKey, Timestamp.from(clock.instant()),
                    linkExpiresAt == null ? null : Timestamp.from(linkExpiresAt)));
        } catch (DuplicateKeyException e) {
            // Another node ran the same job after its lock expired and sent the same message (same Message-ID).
            log.info("{} of reset {} was recorded as sent by another node too", kind(mailKey), processInstanceId);
        } catch (DataAccessException | TransactionException e) {
            // The mail is out; failing the job for its record would surely mail it again, committing may not.
            log.warn("Could not record {} of reset {} as sent ({}); if its job fails now, a rerun mails it again",
                    kind(mailKey), processInstanceId, e.getClass().getSimpleName());
        }
    }

    /**
     * One message to mail systems however often it is sent: derived from the reset and the mail key, which are not
     * secret and tell nothing of the link.
     */
    String messageId(String processInstanceId, String mailKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("resetflow-mail:" + processInstanceId + ":" + mailKey).getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(digest, 0, 20) + "@" + senderDomain() + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private String senderDomain() {
        try {
            String address = new InternetAddress(properties.from(), true).getAddress();
            return address.substring(address.indexOf('@') + 1);
        } catch (AddressException e) {
            return "resetflow.local";
        }
    }

    private static String kind(String mailKey) {
        int colon = mailKey.indexOf(':');
        return colon < 0 ? mailKey : mailKey.substring(0, colon);
    }

    /** Rows outlive any rerun of their job and the reset's history; then they go. */
    @Scheduled(fixedDelayString = "${resetflow.token.purge-interval:PT1H}", initialDelayString = "PT5M")
    public void purgeOld() {
        int purged = jdbc.update("DELETE FROM rf_sent_mail WHERE sent_at < ?",
                Timestamp.from(clock.instant().minus(properties.sentMailRetention())));
        if (purged > 0) {
            log.info("Purged {} sent-mail records older than {}", purged, properties.sentMailRetention());
        }
    }
}

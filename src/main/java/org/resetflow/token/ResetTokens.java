package org.resetflow.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Issues and consumes reset tokens. A token is 32 bytes of HMAC-SHA256 under the secret {@link TokenKey}, base64url
 * without padding (43 characters); the table keeps its SHA-256 hash. Consuming is a single conditional update that must affect
 * exactly one row, so a link can never be used twice.
 */
@Service
public class ResetTokens {

    private static final Logger log = LoggerFactory.getLogger(ResetTokens.class);
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String upsertLiveLink;
    private final TokenKey tokenKey;

    ResetTokens(JdbcTemplate jdbc, Clock clock, TokenKey tokenKey) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tokenKey = tokenKey;
        this.upsertLiveLink = upsertLiveLinkStatement(jdbc);
    }

    /**
     * Issues the token of one link of a waiting reset; the returned value is the only copy of it. The token is derived
     * from the reset and {@code linkKey} with the secret {@link TokenKey}, so the same reset and key always give the
     * same link: a job that mailed a link and then failed arrives at that link again when it reruns.
     *
     * @param mailedAt when the link was already mailed (a rerun after the mail server accepted it), else {@code null}.
     *     Such a link becomes the account's live link only if no link of another reset was mailed after it: a newer
     *     request answered while this job waited for its rerun keeps its link, as the user's newest mail says.
     */
    public IssuedToken issue(String processInstanceId, String linkKey, String accountId, Instant expiresAt,
                             Instant mailedAt) {
        String value = tokenKey.token(processInstanceId, linkKey);
        ResetToken token = new ResetToken(hash(value), processInstanceId, accountId, expiresAt);
        jdbc.update("INSERT INTO rf_reset_token (token_hash, process_instance_id, account_id, expires_at) VALUES (?, ?, ?, ?)",
                token.hash(), token.processInstanceId(), token.accountId(), Timestamp.from(token.expiresAt()));
        // The account's live-link row stays locked until this transaction ends: concurrent issues for one account
        // queue on it, each learns whose link it replaces, and the last one wins.
        String replaced = jdbc.queryForList("SELECT process_instance_id FROM rf_live_link WHERE account_id = ? FOR UPDATE",
                String.class, token.accountId()).stream().findFirst().orElse(null);
        if (mailedAt != null && replaced != null && !replaced.equals(processInstanceId)
                && !linkMailedBefore(replaced, mailedAt)) {
            log.info("Reset {} mailed its link before reset {} of the same account did; the newer link stays live",
                    processInstanceId, replaced);
            return new IssuedToken(value, expiresAt, null);
        }
        jdbc.update(upsertLiveLink, token.accountId(), token.hash(), token.processInstanceId());
        return new IssuedToken(value, expiresAt, replaced);
    }

    /** Whether the other reset's link mail left before {@code mailedAt}, going by the sent-mail ledger. */
    private boolean linkMailedBefore(String otherReset, Instant mailedAt) {
        Timestamp other = jdbc.queryForObject("SELECT MAX(sent_at) FROM rf_sent_mail WHERE process_instance_id = ? "
                + "AND mail_key LIKE 'reset-link:%'", Timestamp.class, otherReset);
        return other != null && other.toInstant().isBefore(mailedAt);
    }

    /** The reset a token belongs to, if the token is well-formed, unused and unexpired. */
    public Optional<String> findReset(String token) {
        return find(token, "");
    }

    /**
     * Like {@link #findReset(String)}, but locks the token's row until the surrounding transaction ends, so parallel
     * submissions of one link run one after the other and only the first can set a password.
     */
    public Optional<String> lockReset(String token) {
        return find(token, " FOR UPDATE");
    }

    private Optional<String> find(String token, String lockClause) {
        if (!isWellFormed(token)) {
            return Optional.empty();
        }
        String hash = hash(token);
        List<String> ids = jdbc.queryForList(
                "SELECT process_instance_id FROM rf_reset_token WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?"
                        + lockClause,
                String.class, hash, Timestamp.from(clock.instant()));
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        // Only the account's newest link is live: an older one, even unexpired, opens nothing.
        Integer live = jdbc.queryForObject("SELECT COUNT(*) FROM rf_live_link WHERE token_hash = ?", Integer.class, hash);
        return live != null && live == 1 ? Optional.of(ids.get(0)) : Optional.empty();
    }

    /**
     * Whether the reset's link is still unused and within its lifetime now. Asked again just before a password is
     * written: a submission may have waited (for the breach check, the directory's rules, a row lock) after its link
     * was looked up, and a link past its lifetime must not set a password.
     */
    public boolean hasUnexpiredLink(String processInstanceId) {
        Integer unexpired = jdbc.queryForObject("SELECT COUNT(*) FROM rf_reset_token WHERE process_instance_id = ? "
                + "AND used_at IS NULL AND expires_at > ?", Integer.class, processInstanceId,
                Timestamp.from(clock.instant()));
        return unexpired != null && unexpired > 0;
    }

    /** Uses up the link of a reset whose password has been set. Fails unless exactly one live link was used up. */
    public void consume(String processInstanceId) {
        int updated = jdbc.update(
                "UPDATE rf_reset_token SET used_at = ? WHERE process_instance_id = ? AND used_at IS NULL",
                Timestamp.from(clock.instant()), processInstanceId);
        if (updated != 1) {
            throw new IllegalStateException("Reset " + processInstanceId + " had " + updated + " live links, expected 1");
        }
        jdbc.update("DELETE FROM rf_live_link WHERE process_instance_id = ?", processInstanceId);
    }

    /** Drops the reset's unused link, whatever ended the reset: expiry, a newer request, too many attempts. */
    public int revoke(String processInstanceId) {
        jdbc.update("DELETE FROM rf_live_link WHERE process_instance_id = ?", processInstanceId);
        return jdbc.update("DELETE FROM rf_reset_token WHERE process_instance_id = ? AND used_at IS NULL",
                processInstanceId);
    }

    /** Whether the link of this reset has been used to set a password. */
    public boolean isConsumed(String processInstanceId) {
        Integer used = jdbc.queryForObject(
                "SELECT COUNT(*) FROM rf_reset_token WHERE process_instance_id = ? AND used_at IS NOT NULL",
                Integer.class, processInstanceId);
        return used != null && used > 0;
    }

    /** Expired and used rows serve no one; a day's grace keeps them for support questions. */
    @Scheduled(fixedDelayString = "${resetflow.token.purge-interval:PT1H}", initialDelayString = "PT5M")
    public void purgeStale() {
        int purged = jdbc.update("DELETE FROM rf_reset_token WHERE expires_at < ?",
                Timestamp.from(clock.instant().minus(Duration.ofDays(1))));
        if (purged > 0) {
            log.info("Purged {} stale reset links", purged);
        }
    }

    /** Insert-or-replace in one statement, in the database's own dialect (H2 for the demo, PostgreSQL in production). */
    private static String upsertLiveLinkStatement(JdbcTemplate jdbc) {
        String product = jdbc.execute((java.sql.Connection connection) -> connection.getMetaData().getDatabaseProductName());
        if ("PostgreSQL".equals(product)) {
            return "INSERT INTO rf_live_link (account_id, token_hash, process_instance_id) VALUES (?, ?, ?) "
                    + "ON CONFLICT (account_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, "
                    + "process_instance_id = EXCLUDED.process_instance_id";
        }
        return "MERGE INTO rf_live_link (account_id, token_hash, process_instance_id) KEY (account_id) VALUES (?, ?, ?)";
    }

    static boolean isWellFormed(String token) {
        return token != null && TOKEN_SHAPE.matcher(token).matches();
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

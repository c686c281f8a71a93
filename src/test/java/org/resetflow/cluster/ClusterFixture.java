package org.resetflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.resetflow.TestSmtp;
import org.resetflow.scim.ScimmyServer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the cluster, crash and outage tests share outside the nodes: the directory (SCIMMY), the mail server
 * (GreenMail), and read access to the nodes' database to see what the engine did (which node ran a job, what is
 * still due or locked). Counting is done here; the nodes are black boxes.
 */
final class ClusterFixture {

    private static final Logger log = LoggerFactory.getLogger(ClusterFixture.class);

    static final String PUBLIC_BASE = "https://reset.example.test";
    static final String SCIM_TOKEN = "cluster-test-bearer-token";
    static final int USERS = 80;
    private static final Pattern LINK = Pattern.compile(Pattern.quote(PUBLIC_BASE) + "/reset/([A-Za-z0-9_-]{43})");

    final ScimmyServer directory;
    final GreenMail smtp;
    final JdbcTemplate db;

    ClusterFixture(DataSource database) {
        this.directory = ScimmyServer.start(SCIM_TOKEN, seed(USERS));
        this.smtp = TestSmtp.server();
        TestSmtp.purge();
        this.db = new JdbcTemplate(database);
    }

    static String userName(int n) {
        return String.format("user%02d", n);
    }

    static String userId(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    static String email(int n) {
        return userName(n) + "@example.org";
    }

    /** SCIMMY's users {@code user00..}: one active account each, with its own e-mail address. */
    static String seed(int count) {
        List<String> users = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            users.add("{\"id\": \"" + userId(n) + "\", \"userName\": \"" + userName(n) + "\", \"active\": true, "
                    + "\"emails\": [{\"value\": \"" + email(n) + "\", \"primary\": true}], "
                    + "\"password\": \"Initial-Secret-" + n + "\"}");
        }
        return "[" + String.join(",", users) + "]";
    }

    /** The settings every node gets, whatever its database. */
    List<String> nodeArguments() {
        return nodeArguments(directory.baseUrl());
    }

    /** The same, with the directory reached at another address (a {@link TcpProxy} in front of it). */
    List<String> nodeArguments(String directoryBaseUrl) {
        return List.of(
                "--resetflow.scim.base-url=" + directoryBaseUrl,
                "--resetflow.scim.auth.type=bearer",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtp.getSmtp().getPort(),
                "--resetflow.public-base-url=" + PUBLIC_BASE,
                // The test posts the request form as a script would and solves no proof of work; the bot defence has
                // its own tests (botdefence/*).
                "--resetflow.bot-defence.enabled=false",
                // The job log (history level full; the product runs audit) names the node that ran each job: the
                // test's evidence of which node fired a timer.
                "--camunda.bpm.history-level=full",
                // The test is one client on 127.0.0.1 playing many users; the per-identifier limits stay as shipped.
                "--resetflow.rate-limit.requests-per-address=100000",
                "--resetflow.rate-limit.link-checks-per-address=100000",
                // Small intake batches: a burst of requests makes several batches, so several are in flight when a
                // node dies, and two nodes' starters claim from the same due rows at once.
                "--resetflow.request.batch-size=5",
                // A killed node's jobs are free again after 10 s instead of 2 minutes, so the crash test is short.
                "--camunda.bpm.job-execution.lock-time-in-millis=10000",
                // Jobs made due by another node (or by the test) are seen within a second, not a minute.
                "--camunda.bpm.job-execution.max-wait=1000",
                "--camunda.bpm.job-execution.wait-time-in-millis=500");
    }

    Map<String, String> nodeEnvironment() {
        return Map.of("RESETFLOW_SCIM_AUTH_TOKEN", SCIM_TOKEN,
                "RESETFLOW_RATE_LIMIT_KEY_SECRET", "cluster-test-rate-limit-key",
                // Every node the same: a job a killed node left behind must arrive at the same link on another node.
                "RESETFLOW_TOKEN_KEY", "cluster-test-reset-link-key-0123456789abcdef");
    }

    /** Every mail received for this address, oldest first. */
    List<MimeMessage> mailsTo(String address) {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                if (message.getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
                    mails.add(message);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return mails;
    }

    /** The reset links mailed to this address, oldest first. */
    List<String> linksTo(String address) {
        return mailsTo(address).stream().map(TestSmtp::text).map(LINK::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).toList();
    }

    Optional<String> newestLink(int user) {
        List<String> links = linksTo(email(user));
        return links.isEmpty() ? Optional.empty() : Optional.of(links.get(links.size() - 1));
    }

    /**
     * After a node was killed holding {@code lockedAtKill}: once the engine is quiet, every answered request has its one
     * mail with a working link (a repeat of the same message at most for a job the node held), nothing stays locked
     * past its lock time, and every job the node held has been finished since.
     */
    void assertRecoveredFromKill(List<Integer> answered, ClusterClient browser, AppNode node, List<String> lockedAtKill,
                                 String killed, Duration quiet) {
        awaitQuiet(quiet);
        int redelivered = assertOneMailWithAWorkingLinkEach(answered, browser, node);
        log.info("Every answered request: one mail, one working link. The same message delivered again because {} "
                + "died between SMTP and the ledger: {} (of {} jobs it held)", killed, redelivered, lockedAtKill.size());
        assertThat(redelivered).isLessThanOrEqualTo(lockedAtKill.size());
        assertThat(jobsLockedPastTheirLockTime()).isEmpty();
        assertThat(lockedJobs()).isEmpty();
        // Not doesNotContainAnyElementsOf: AssertJ refuses an empty list there, and a kill between two jobs holds none.
        assertThat(db.queryForList("SELECT id_ FROM act_ru_job", String.class)).as("jobs the dead node held")
                .filteredOn(lockedAtKill::contains).isEmpty();
    }

    /**
     * Checks that a crash or an outage cost these users nothing and gave them nothing twice, and returns how many mails
     * were delivered again as the same message. Each user must have exactly one reset mail, told apart by Message-ID,
     * and its link opens the form. The only second delivery allowed is the same message again (same Message-ID, same
     * link), from a job killed in the moment between the SMTP server's acceptance and the sent-mail ledger's commit;
     * a second message, or a second link, fails.
     */
    int assertOneMailWithAWorkingLinkEach(List<Integer> users, ClusterClient browser, AppNode node) {
        int redelivered = 0;
        for (int user : users) {
            List<MimeMessage> mails = mailsTo(email(user));
            assertThat(mails).as("mails to " + userName(user)).isNotEmpty();
            assertThat(mails.stream().map(ClusterFixture::messageId).distinct())
                    .as("distinct messages (Message-ID) to " + userName(user)).hasSize(1);
            List<String> links = linksTo(email(user));
            assertThat(links).as("links mailed to " + userName(user)).hasSameSizeAs(mails);
            assertThat(links.stream().distinct()).as("distinct links mailed to " + userName(user)).hasSize(1);
            assertThat(browser.get(node, "/reset/" + links.get(0)).status())
                    .as("the link mailed to " + userName(user)).isEqualTo(200);
            redelivered += mails.size() - 1;
        }
        return redelivered;
    }

    static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    long passwordWrites(int user) {
        return directory.requests().stream()
                .filter(r -> "PATCH".equals(r.get("method")) || "PUT".equals(r.get("method")))
                .filter(r -> String.valueOf(r.get("path")).endsWith("/Users/" + userId(user)))
                .count();
    }

    /**
     * Waits until the cluster has nothing left to do now: every inbox row has its reset, and no asynchronous step
     * (look-up, mail) is due, running or waiting for a retry. Timers not due yet (link expiry) and the nightly history
     * cleanup do not count.
     */
    void awaitQuiet(Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(db.queryForObject("SELECT COUNT(*) FROM rf_reset_request WHERE process_instance_id IS NULL",
                    Integer.class)).as("requests waiting in the inbox").isZero();
            assertThat(db.queryForList("SELECT id_ FROM act_ru_job WHERE retries_ > 0 AND handler_type_ <> "
                    + "'history-cleanup' AND (type_ = 'message' OR duedate_ IS NULL OR duedate_ <= ?)", String.class,
                    new java.sql.Timestamp(System.currentTimeMillis()))).as("jobs due or pending").isEmpty();
        });
    }

    /**
     * Puts requests into the inbox as the request page does (one row each, nothing else), all in one transaction: they
     * become due at the same moment, for every node's starter at once.
     */
    void enqueueAtOnce(List<String> identifiers) {
        java.sql.Timestamp now = new java.sql.Timestamp(System.currentTimeMillis());
        db.batchUpdate("INSERT INTO rf_reset_request (request_id, identifier, client_address, requested_at) "
                + "VALUES (?, ?, '127.0.0.1', ?)", identifiers.stream()
                .map(identifier -> new Object[] {java.util.UUID.randomUUID().toString(), identifier, now}).toList());
    }

    /** Rows in the request inbox, claimed by a batch or not. */
    int inboxRows() {
        return db.queryForObject("SELECT COUNT(*) FROM rf_reset_request", Integer.class);
    }

    /** Rows in the request inbox that no starter has claimed for a batch yet. */
    int unclaimedRequests() {
        return db.queryForObject("SELECT COUNT(*) FROM rf_reset_request WHERE batch_id IS NULL", Integer.class);
    }

    /** Password resets started for this user's account (from the history of the account's user name). */
    int resetsStartedFor(int user) {
        return db.queryForObject("SELECT COUNT(*) FROM act_hi_varinst WHERE name_ = 'accountUserName' AND text_ = ? "
                + "AND proc_def_key_ = 'password-reset'", Integer.class, userName(user));
    }

    /** Password resets started so far, for any account. */
    int resetsStarted() {
        return db.queryForObject("SELECT COUNT(*) FROM act_hi_procinst WHERE proc_def_key_ = 'password-reset'",
                Integer.class);
    }

    /** The batch id of every request intake started so far (one per batch the starters claimed). */
    List<String> intakeBatchIds() {
        return db.queryForList("SELECT text_ FROM act_hi_varinst WHERE name_ = 'batchId' "
                + "AND proc_def_key_ = 'request-intake'", String.class);
    }

    /** How each request intake ended so far: its end event's id, or null while it runs. */
    List<String> intakeEnds() {
        return db.queryForList("SELECT end_act_id_ FROM act_hi_procinst WHERE proc_def_key_ = 'request-intake'",
                String.class);
    }

    /** Look-up jobs that failed (a directory error, or a batch whose rows another transaction had handled). */
    int failedLookUps() {
        return db.queryForObject("SELECT COUNT(*) FROM act_hi_job_log WHERE act_id_ = 'Task_LookUpAccounts' "
                + "AND job_state_ = 3", Integer.class);
    }

    /** Which node ran each successful "Look up accounts" job, one entry per batch. */
    List<String> nodesThatLookedUp() {
        return db.queryForList("SELECT hostname_ FROM act_hi_job_log WHERE act_id_ = 'Task_LookUpAccounts' "
                + "AND job_state_ = 2", String.class);
    }

    /** "Look up accounts" jobs a node has locked now (the request intake's only job). */
    List<String> lockedLookUps() {
        return db.queryForList("SELECT id_ FROM act_ru_job WHERE lock_owner_ IS NOT NULL "
                + "AND process_def_key_ = 'request-intake'", String.class);
    }

    /** Jobs a node holds past their lock's expiry: a crashed node's locks must be taken over, not kept. */
    List<String> jobsLockedPastTheirLockTime() {
        return db.queryForList("SELECT id_ FROM act_ru_job WHERE lock_owner_ IS NOT NULL AND lock_exp_time_ < ?",
                String.class, new java.sql.Timestamp(System.currentTimeMillis()));
    }

    List<String> lockedJobs() {
        return db.queryForList("SELECT id_ FROM act_ru_job WHERE lock_owner_ IS NOT NULL", String.class);
    }

    /** The reset a link belongs to. */
    String resetOf(String token) {
        return db.queryForObject("SELECT process_instance_id FROM rf_reset_token WHERE token_hash = ?", String.class,
                sha256(token));
    }

    Optional<String> endOf(String processInstanceId) {
        return db.queryForList("SELECT end_act_id_ FROM act_hi_procinst WHERE proc_inst_id_ = ?", String.class,
                processInstanceId).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** Makes the link-expiry timers of these resets due now, as if their ten minutes had passed. */
    void expireNow(List<String> processInstanceIds) {
        for (String id : processInstanceIds) {
            assertThat(db.update("UPDATE act_ru_job SET duedate_ = ? WHERE process_instance_id_ = ? AND type_ = 'timer'",
                    new java.sql.Timestamp(System.currentTimeMillis() - 1000), id)).as("timer of " + id).isEqualTo(1);
        }
    }

    /** Which node ran the successful job at this activity, per reset (from the engine's job log). */
    Map<String, List<String>> nodesThatRan(String activityId, List<String> processInstanceIds) {
        return db.queryForList("SELECT process_instance_id_, hostname_ FROM act_hi_job_log WHERE act_id_ = ? "
                        + "AND job_state_ = 2", activityId).stream()
                .filter(row -> processInstanceIds.contains(String.valueOf(row.get("process_instance_id_"))))
                .collect(Collectors.groupingBy(row -> String.valueOf(row.get("process_instance_id_")),
                        Collectors.mapping(row -> String.valueOf(row.get("hostname_")), Collectors.toList())));
    }

    static String sha256(String token) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void close() {
        directory.close();
    }
}

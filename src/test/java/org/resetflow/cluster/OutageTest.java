package org.resetflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.request.ResetStarter;
import org.resetflow.scim.RequiresNodeJs;
import org.resetflow.scim.ScimmyServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Outages of what a node depends on, on PostgreSQL with the job executor running: the mail server, the directory and
 * the database each sit behind a {@link TcpProxy} that the test breaks and mends. After each outage every accepted
 * reset completes: none lost, none duplicated. Where the model waits between retries (a minute for a mail), the test
 * makes the retry due at once instead of sleeping.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + OutageTest.PUBLIC_BASE,
        "resetflow.scim.base-url=http://scimmy.invalid/scim/v2",
        TestSmtp.HOST,
        "resetflow.scim.auth.type=bearer",
        "resetflow.scim.auth.token=" + ClusterFixture.SCIM_TOKEN,
        "resetflow.rate-limit.requests-per-address=100000",
        "resetflow.rate-limit.link-checks-per-address=100000",
        "camunda.bpm.job-execution.max-wait=1000",
        // A job acquired just before the database went away stays locked until its lock expires; 10 s, not minutes.
        "camunda.bpm.job-execution.lock-time-in-millis=10000",
        "camunda.bpm.job-execution.wait-time-in-millis=500",
        // Short in-process retries: the outage is what is tested, not the back-off.
        "resetflow.scim.retry.backoff=50ms",
        "resetflow.scim.retry.deadline=2s",
        "spring.mail.properties.mail.smtp.connectiontimeout=2000",
        "spring.mail.properties.mail.smtp.timeout=2000"})
@ActiveProfiles("postgres")
@RequiresNodeJs
class OutageTest {

    static final String PUBLIC_BASE = "https://reset.example.test";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern LINK = Pattern.compile(Pattern.quote(PUBLIC_BASE) + "/reset/([A-Za-z0-9_-]{43})");

    private static ScimmyServer directory;
    private static TcpProxy directoryLine;
    private static TcpProxy mailLine;
    private static TcpProxy databaseLine;

    @LocalServerPort
    int port;
    @Autowired
    ManagementService managementService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;
    @Autowired
    ResetStarter resetStarter;

    private WebSession browser;

    @DynamicPropertySource
    static void lines(DynamicPropertyRegistry registry) {
        directory = ScimmyServer.start(ClusterFixture.SCIM_TOKEN, ClusterFixture.seed(30));
        directoryLine = new TcpProxy(java.net.URI.create(directory.baseUrl()).getPort());
        mailLine = new TcpProxy(TestSmtp.server().getSmtp().getPort());
        String url = PostgresServer.newDatabase();
        databaseLine = new TcpProxy(PostgresServer.port());
        String proxied = url.replace(":" + PostgresServer.port() + "/", ":" + databaseLine.port() + "/");
        registry.add("resetflow.scim.base-url", () -> "http://127.0.0.1:" + directoryLine.port() + "/scim/v2");
        registry.add("spring.mail.port", mailLine::port);
        registry.add("spring.datasource.url", () -> proxied);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void close() {
        for (AutoCloseable each : new AutoCloseable[] {directoryLine, mailLine, databaseLine, directory}) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception ignored) {
                // test over
            }
        }
    }

    @BeforeEach
    void setUp() {
        directoryLine.forward();
        mailLine.forward();
        databaseLine.forward();
        TestSmtp.purge();
        browser = new WebSession("http://localhost:" + port);
        browser.get("/");
    }

    @Test
    void shouldSendEveryMailOnceAfterTheMailServerCameBack() {
        // Given the mail server is down
        mailLine.refuse();

        // When three users ask for a reset
        for (int user = 1; user <= 3; user++) {
            assertThat(request(user).status()).isEqualTo(200);
        }

        // Then each mail step fails, waits for its retries (made due at once here) and ends as an incident
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            hurryRetries();
            assertThat(runtimeService.createIncidentQuery().count()).isEqualTo(3);
        });
        assertThat(TestSmtp.server().getReceivedMessages()).isEmpty();

        // When the mail server is back and an admin retries the incidents (Cockpit's "retry")
        mailLine.forward();
        managementService.createJobQuery().noRetriesLeft().list()
                .forEach(job -> managementService.setJobRetries(job.getId(), 1));

        // Then every user gets exactly one mail, and its link opens the form
        awaitQuiet();
        for (int user = 1; user <= 3; user++) {
            List<String> links = linksTo(user);
            assertThat(links).as("links mailed to user %d", user).hasSize(1);
            assertThat(browser.get("/reset/" + links.get(0)).status()).isEqualTo(200);
        }
        assertThat(runtimeService.createIncidentQuery().count()).isZero();
    }

    @Test
    void shouldRetryLookUpsWhileTheDirectoryAnswers503AndRecover() {
        // Given a user with a link, at the password page
        assertThat(request(10).status()).isEqualTo(200);
        awaitQuiet();
        String token = linksTo(10).get(0);
        assertThat(browser.get("/reset/" + token).status()).isEqualTo(200);

        // When the directory answers 503 to everything
        directoryLine.answer503();
        // ... two more users ask for a reset (their look-ups fail and wait for their retries)
        assertThat(request(11).status()).isEqualTo(200);
        assertThat(request(12).status()).isEqualTo(200);
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(managementService.createJobQuery().withException().count()).isEqualTo(2));
        // ... and the first user submits a new password
        String password = "Saffron-Kettle-Marble-62";
        WebSession.Page refused = browser.post("/reset", Map.of("token", token, "password", password,
                "confirmPassword", password));

        // Then the user is asked to try again, with the link kept
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.document().select("#unavailable")).hasSize(1);
        assertThat(browser.get("/reset/" + token).status()).isEqualTo(200);
        assertThat(directory.passwordOf(ClusterFixture.userId(10))).contains("Initial-Secret-10");

        // When the directory recovers
        directoryLine.forward();
        hurryRetries();

        // Then the waiting look-ups complete, each with one mail, and the user's second try sets the password once
        awaitQuiet();
        assertThat(linksTo(11)).hasSize(1);
        assertThat(linksTo(12)).hasSize(1);
        WebSession.Page done = browser.post("/reset", Map.of("token", token, "password", password,
                "confirmPassword", password));
        assertThat(done.status()).isEqualTo(200);
        assertThat(directory.passwordOf(ClusterFixture.userId(10))).contains(password);
        awaitQuiet();
        assertThat(mailsTo(10)).hasSize(2);
    }

    @Test
    void shouldShowAnErrorPageWhileTheDatabaseIsAwayAndRecoverByItself() {
        // Given two requests accepted just before the database goes away: their resets are under way, and a mail job
        // may be caught between the SMTP server's acceptance and its commit (the sent-mail ledger keeps its rerun
        // from mailing again; MailOnceAfterCrashTest makes that moment certain)
        assertThat(request(20).status()).isEqualTo(200);
        assertThat(request(21).status()).isEqualTo(200);

        // When the database is unreachable
        databaseLine.refuse();
        WebSession.Page during = request(22);

        // Then the request page answers with the error page, no stack trace, nothing about the database
        assertThat(during.status()).isGreaterThanOrEqualTo(500);
        assertThat(during.title()).isEqualTo("Something went wrong");
        assertThat(during.body()).doesNotContain("Exception").doesNotContain("at org.").doesNotContain("SQL")
                .doesNotContain("postgres").doesNotContain("Hikari");

        // When it is back, with no restart
        databaseLine.forward();

        // Then the page works again by itself, and every accepted request gets exactly one mail whose link works
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> request(23).status() == 200);
        awaitQuiet();
        for (int user : List.of(20, 21, 23)) {
            assertThat(mailsTo(user).stream().map(ClusterFixture::messageId).distinct())
                    .as("messages (Message-ID) to user %d", user).hasSize(1);
            assertThat(linksTo(user).stream().distinct()).as("links mailed to user %d", user).hasSize(1);
            assertThat(browser.get("/reset/" + linksTo(user).get(0)).status()).isEqualTo(200);
        }
        assertThat(mailsTo(22)).as("the request refused during the outage").isEmpty();
    }

    private WebSession.Page request(int user) {
        browser.get("/");
        return browser.post("/request", Map.of("identifier", ClusterFixture.userName(user)));
    }

    /** Time passes: every failed step waiting for its next retry gets it now. */
    private void hurryRetries() {
        Date now = new Date();
        for (Job job : managementService.createJobQuery().withException().withRetriesLeft().list()) {
            if (job.getDuedate() != null && job.getDuedate().after(now)) {
                managementService.setJobDuedate(job.getId(), now);
            }
        }
    }

    private void awaitQuiet() {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            hurryRetries();
            assertThat(resetStarter.queued()).as("requests in the inbox").isZero();
            assertThat(managementService.createJobQuery().executable().count()).as("jobs due").isZero();
            assertThat(managementService.createJobQuery().messages().withRetriesLeft().count())
                    .as("steps pending").isZero();
        });
    }

    private List<MimeMessage> mailsTo(int user) {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage message : TestSmtp.server().getReceivedMessages()) {
            try {
                if (message.getAllRecipients()[0].toString().equals(ClusterFixture.email(user))) {
                    mails.add(message);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return mails;
    }

    private List<String> linksTo(int user) {
        return mailsTo(user).stream().map(TestSmtp::text).map(LINK::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).toList();
    }
}

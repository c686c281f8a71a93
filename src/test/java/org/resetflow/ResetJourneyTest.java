package org.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.resetflow.scim.RequiresNodeJs;
import org.resetflow.scim.ScimmyServer;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole reset over HTTP, as a user does it: the app on a random port, a real SCIM server that this project did
 * not write (SCIMMY on Node.js) and a real SMTP server (GreenMail). Links in mails use the configured public base
 * URL; the test follows them on the local port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=https://reset.example.test",
        // Production mode is decided before dynamic properties exist: this stands in until SCIMMY's URL is known.
        "resetflow.scim.base-url=http://scimmy.invalid/scim/v2",
        TestSmtp.HOST,
        "resetflow.scim.auth.type=bearer",
        "resetflow.scim.auth.token=" + ResetJourneyTest.SCIM_TOKEN})
@ExtendWith(OutputCaptureExtension.class)
@RequiresNodeJs
class ResetJourneyTest {

    static final String SCIM_TOKEN = "journey-test-bearer-token";
    private static final String PUBLIC_BASE = "https://reset.example.test";
    private static final String SEED = """
            [{"id": "2819c223-7f76-453a-919d-413861904646", "userName": "alice", "active": true,
              "displayName": "Alice Adams", "name": {"givenName": "Alice", "familyName": "Adams"},
              "emails": [{"value": "alice@example.org", "primary": true}], "password": "Initial-Secret-1"},
             {"id": "7c5e1a3b-0000-4000-8000-00000000c0de", "userName": "carol", "active": false,
              "emails": [{"value": "carol@example.org", "primary": true}]},
             {"id": "5d3a0f1e-0000-4000-8000-0000000005e5", "userName": "upn.user@corp.example", "active": true,
              "displayName": "Upn User", "emails": [{"value": "upn.private@example.net", "primary": true}]}]
            """;
    /** A user name in UPN style, as Entra ID and Okta have them, that is not the user's e-mail address. */
    private static final String UPN = "upn.user@corp.example";
    private static final String ALICE_ID = "2819c223-7f76-453a-919d-413861904646";

    private static ScimmyServer scim;

    /** Started when the Spring context asks for its URL, which happens before any @BeforeAll. */
    private static synchronized ScimmyServer scim() {
        if (scim == null) {
            scim = ScimmyServer.start(SCIM_TOKEN, SEED);
        }
        return scim;
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    ManagementService managementService;
    @Autowired
    ResetStarter resetStarter;

    @AfterAll
    static void stopDirectory() {
        if (scim != null) {
            scim.close();
            // A subclass (the same journey on PostgreSQL) starts its own.
            scim = null;
        }
    }

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        registry.add("resetflow.scim.base-url", () -> scim().baseUrl());
        TestSmtp.register(registry);
    }

    @BeforeEach
    void emptyMailbox() {
        TestSmtp.purge();
    }

    @Test
    void shouldResetAPasswordThroughThePagesAgainstARealScimServer(CapturedOutput output) throws Exception {
        WebSession browser = new WebSession("http://localhost:" + port);

        // Given alice opens the request page and asks for a reset
        assertThat(browser.get("/").status()).isEqualTo(200);
        WebSession.Page sent = browser.post("/request", Map.of("identifier", "alice"));
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.title()).isEqualTo("Check your mail");

        // When the mail arrives and she follows its one link
        MimeMessage resetMail = TestSmtp.awaitMessages(1)[0];
        assertThat(resetMail.getAllRecipients()[0].toString()).isEqualTo("alice@example.org");
        // (it states the limits of the reset policy's default rule: ten minutes, five rejected passwords)
        assertThat(TestSmtp.text(resetMail)).contains("It expires in 10 minutes").contains("after 5 rejected passwords");
        String token = TestSmtp.resetToken(resetMail, PUBLIC_BASE);
        WebSession.Page form = openLink(browser, token);
        assertThat(form.document().select("input[name=password]")).hasSize(1);
        assertThat(form.document().select("input[name=confirmPassword]")).hasSize(1);

        // ... first with a weak password, then with a strong one
        String weak = "alice2024";
        WebSession.Page rejected = browser.post("/reset", Map.of("token", token, "password", weak, "confirmPassword", weak));
        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.document().select("#rejection").text()).contains("user name")
                .contains("Attempts left with this link: 4.");
        String strong = "Lantern-Orchid-Gravel-47";
        WebSession.Page done = browser.post("/reset", Map.of("token", token, "password", strong, "confirmPassword", strong));

        // Then the directory holds the new password and a confirmation mail follows
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.title()).isEqualTo("Your password was changed");
        assertThat(scim.passwordOf(ALICE_ID)).contains(strong);
        assertThat(scim.requests()).anySatisfy(r -> assertThat(r).containsEntry("method", "PATCH"));
        MimeMessage confirmation = TestSmtp.awaitMessages(2)[1];
        assertThat(confirmation.getSubject()).isEqualTo("Your password was changed");

        // And the link is used up
        WebSession.Page reused = browser.get("/reset/" + token);
        assertThat(reused.status()).isEqualTo(410);
        assertThat(reused.title()).isEqualTo("This link is no longer valid");

        // And neither the password (accepted or rejected) nor the token is in any table or log line
        assertNoSecretInDatabase(strong, weak, token);
        assertThat(output.getAll()).doesNotContain(strong).doesNotContain(weak).doesNotContain(token);
    }

    @Test
    void shouldAnswerTheSameForAnInactiveOrUnknownAccountAndSendNoMail() {
        WebSession browser = new WebSession("http://localhost:" + port);
        browser.get("/");

        // When resets are asked for a disabled account, an unknown one and a hostile filter
        List<WebSession.Page> answers = List.of(
                browser.post("/request", Map.of("identifier", "carol")),
                browser.post("/request", Map.of("identifier", "nobody-here")),
                browser.post("/request", Map.of("identifier", "x\" or userName pr or userName eq \"")));

        // Then every answer is the neutral one, byte for byte apart from the CSRF token
        assertThat(answers).allSatisfy(page -> {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.title()).isEqualTo("Check your mail");
        });
        assertThat(answers.stream().map(p -> p.document().select("main").outerHtml()).distinct()).hasSize(1);

        // And once the lookups have reached the directory and every reset has gone as far as it goes, no mail went
        // out (a mail would leave from a job after the lookup's, so the lookup's request alone proves nothing)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                scim.requests().stream().filter(r -> "GET".equals(r.get("method"))).count() >= 3);
        EngineJobs.awaitIdle(managementService, resetStarter);
        assertThat(TestSmtp.server().getReceivedMessages()).isEmpty();
    }

    @Test
    void shouldMailAUpnUserWhoTypesTheirUserNameAtTheirOwnAddress() throws Exception {
        WebSession browser = new WebSession("http://localhost:" + port);
        browser.get("/");

        // Given a user whose user name is an address, and whose e-mail is another one
        // When a reset is asked for with the user name
        WebSession.Page sent = browser.post("/request", Map.of("identifier", UPN));
        assertThat(sent.status()).isEqualTo(200);

        // Then, once the reset has gone as far as it goes, one link went to the user's e-mail address
        EngineJobs.awaitIdle(managementService, resetStarter);
        MimeMessage[] mails = TestSmtp.server().getReceivedMessages();
        assertThat(mails).hasSize(1);
        MimeMessage resetMail = mails[0];
        assertThat(resetMail.getAllRecipients()).extracting(Object::toString).containsExactly("upn.private@example.net");
        // And it opens the form for that account
        WebSession.Page form = openLink(browser, TestSmtp.resetToken(resetMail, PUBLIC_BASE));
        assertThat(form.document().select("input[name=username]").attr("value")).isEqualTo(UPN);
        // And SCIMMY was searched both ways, by user name first, in the intake's one batched search (a filter of or
        // terms: SCIMMY answers it)
        assertThat(scim.requests().stream()
                .map(r -> String.valueOf(((Map<?, ?>) r.get("query")).get("filter")))
                .filter(filter -> filter.contains(UPN)))
                .containsExactly("userName eq \"" + UPN + "\" or emails.value eq \"" + UPN + "\"");
    }

    /**
     * The mail leaves inside the job's transaction (so a failed send is retried), a few milliseconds before that
     * transaction commits; a test reading the mailbox at once can be faster than the commit.
     */
    static WebSession.Page openLink(WebSession browser, String token) {
        WebSession.Page[] page = new WebSession.Page[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            page[0] = browser.get("/reset/" + token);
            return page[0].status() == 200;
        });
        return page[0];
    }

    private void assertNoSecretInDatabase(String... secrets) throws Exception {
        DatabaseScan.assertNoneContains(dataSource, secrets);
    }
}

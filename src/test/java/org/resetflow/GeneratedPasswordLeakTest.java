package org.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.helpdesk.HelpdeskResetProcess;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The helpdesk's generated password (Ping), end to end in demo mode with the Ping dialect: the helpdesk starts it over
 * the engine's REST API as Tasklist does, the owner gets a mail with only a link, opening the link (as a mail scanner
 * would) changes nothing, the page's button has the demo directory generate the password, the page shows it once
 * and never again. Then every table (runtime and history), the log, both mails and every engine REST answer the
 * helpdesk or an admin could read are searched for the password and the link's token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + GeneratedPasswordLeakTest.PUBLIC_BASE,
        "resetflow.scim.dialect=ping"})
@ExtendWith(OutputCaptureExtension.class)
class GeneratedPasswordLeakTest {

    static final String PUBLIC_BASE = "https://reset.example.test";

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;
    @Autowired
    DemoMailbox mailbox;
    @Autowired
    DemoDirectory demoDirectory;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> restAnswers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        EngineRest.useEngineOf(processEngine);
        EngineJobs.awaitIdle(managementService, resetStarter);
        mailbox.purge();
    }

    @Test
    void shouldGenerateOnlyOnTheConfirmedPageShowItOnceAndLeaveItNowhere(CapturedOutput output) throws Exception {
        // Given the helpdesk asks for a generated password for alice, through the REST API Tasklist uses
        JsonNode started = rest("demohelpdesk", "POST",
                "/process-definition/key/" + HelpdeskResetProcess.PROCESS_KEY + "/start", """
                {"variables": {"operation": {"value": "generated-password", "type": "String"},
                               "accountNames": {"value": "alice", "type": "String"}}}""");
        String request = started.path("id").asText();
        assertThat(request).isNotEmpty();

        // When the jobs ran, alice has one mail: her link, worded for a generated password
        MimeMessage linkMail = TestSmtp.awaitMessages(mailbox, 1)[0];
        assertThat(linkMail.getAllRecipients()[0].toString()).isEqualTo("alice@example.org");
        assertThat(linkMail.getSubject()).isEqualTo("Your new password is ready");
        String token = TestSmtp.resetToken(linkMail, PUBLIC_BASE);
        EngineJobs.awaitIdle(managementService, resetStarter);
        int writesBefore = demoDirectory.passwordWrites();

        // When her mail scanner and then she herself open the link
        WebSession scanner = new WebSession("http://localhost:" + port);
        WebSession.Page scanned = scanner.get("/reset/" + token);
        WebSession browser = new WebSession("http://localhost:" + port);
        WebSession.Page confirm = browser.get("/reset/" + token);

        // Then both see only the confirmation, with one button and no password field, and the directory was not asked
        for (WebSession.Page page : List.of(scanned, confirm)) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.title()).isEqualTo("See your new password");
            assertThat(page.document().select("form#generated-form button")).hasSize(1);
            assertThat(page.document().select("input[type=password], #generated-password")).isEmpty();
            assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        }
        assertThat(demoDirectory.passwordWrites()).isEqualTo(writesBefore);

        // When an admin, or the helpdesk, tries to make the waiting reset generate the password through the REST API
        String waiting = runtimeService.createProcessInstanceQuery().superProcessInstanceId(request).singleResult()
                .getId();
        for (String user : List.of("demoadmin", "demohelpdesk")) {
            HttpResponse<String> correlated = send(user, "POST", "/message", """
                    {"messageName": "Message_PasswordSubmitted", "processInstanceId": "%s"}""".formatted(waiting));
            restAnswers.add(correlated.body());

            // Then it is refused, nothing was generated, and the link still opens the confirmation
            assertThat(correlated.statusCode()).as(user + ": " + correlated.body()).isIn(403, 404);
        }
        assertThat(demoDirectory.passwordWrites()).isEqualTo(writesBefore);
        assertThat(browser.get("/reset/" + token).title()).isEqualTo("See your new password");

        // When she presses the button
        WebSession.Page shown = browser.post("/reset/" + token, java.util.Map.of());

        // Then the directory generated a password once, the page shows it, and it is her password now
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.title()).isEqualTo("Your new password");
        String generated = shown.document().select("input#generated-password").attr("value");
        assertThat(generated).hasSizeGreaterThanOrEqualTo(8);
        assertThat(demoDirectory.passwordWrites()).isEqualTo(writesBefore + 1);
        assertThat(demoDirectory.passwordMatches(demoDirectory.idOf("alice").orElseThrow(), generated)).isTrue();
        assertThat(shown.body()).contains("password manager");
        // never cached, never leaked through a Referer
        assertThat(shown.header("Cache-Control")).isEqualTo("no-store");
        assertThat(shown.header("Pragma")).isEqualTo("no-cache");
        assertThat(shown.header("Referrer-Policy")).isEqualTo("no-referrer");

        // And the link is dead: pressing again, or opening it again, shows the neutral page and generates nothing
        assertThat(browser.post("/reset/" + token, java.util.Map.of()).status()).isEqualTo(410);
        assertThat(scanner.get("/reset/" + token).status()).isEqualTo(410);
        assertThat(demoDirectory.passwordWrites()).isEqualTo(writesBefore + 1);

        // And the owner is told the password changed, as after any reset, and the helpdesk's summary says done
        MimeMessage confirmation = TestSmtp.awaitMessages(mailbox, 2)[1];
        assertThat(confirmation.getSubject()).isEqualTo("Your password was changed");
        EngineJobs.awaitIdle(managementService, resetStarter);
        JsonNode tasks = rest("demohelpdesk", "GET", "/task?processInstanceId=" + request, null);
        assertThat(tasks).hasSize(1);
        String summaryTask = tasks.get(0).path("id").asText();
        JsonNode taskVariables = rest("demohelpdesk", "GET", "/task/" + summaryTask + "/variables", null);
        assertThat(taskVariables.path(HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY).path("value").asText())
                .isEqualTo("alice: done (link sent; the directory generated the password and showed it to the owner "
                        + "once)");

        // And neither the password nor the token is in any mail, table, log line, or REST answer the helpdesk
        // (Tasklist) or an admin (Cockpit) can read
        for (MimeMessage mail : new MimeMessage[] {linkMail, confirmation}) {
            assertThat(TestSmtp.text(mail)).doesNotContain(generated);
            assertThat(mail.getContent().toString()).doesNotContain(generated);
        }
        assertThat(TestSmtp.text(confirmation)).doesNotContain(token);
        String reset = historyService.createHistoricProcessInstanceQuery().superProcessInstanceId(request)
                .singleResult().getId();
        rest("demohelpdesk", "GET", "/task/" + summaryTask + "/form-variables", null);
        rest("demohelpdesk", "GET", "/process-instance/" + request + "/variables", null);
        rest("demohelpdesk", "GET", "/history/variable-instance?processInstanceId=" + request, null);
        rest("demohelpdesk", "GET", "/history/variable-instance?processInstanceId=" + reset, null);
        rest("demohelpdesk", "GET", "/history/variable-instance", null);
        rest("demoadmin", "GET", "/history/variable-instance?deserializeValues=true", null);
        rest("demoadmin", "GET", "/history/detail", null);
        rest("demoadmin", "GET", "/history/activity-instance?processInstanceId=" + reset, null);
        rest("demoadmin", "GET", "/history/job-log?processInstanceId=" + reset, null);
        rest("demoadmin", "GET", "/history/user-operation", null);
        rest("demoadmin", "GET", "/history/process-instance/" + reset, null);
        assertThat(restAnswers).hasSizeGreaterThan(10);
        for (String answer : restAnswers) {
            assertThat(answer).doesNotContain(generated).doesNotContain(token);
        }
        DatabaseScan.assertNoneContains(dataSource, generated, token);
        assertThat(output.getAll()).doesNotContain(generated).doesNotContain(token);
    }

    @Test
    void shouldGenerateExactlyOnceWhenTheConfirmationIsPostedTenTimesInParallel() throws Exception {
        // Given bob's generated-password link, opened in ten browsers
        rest("demohelpdesk", "POST", "/process-definition/key/" + HelpdeskResetProcess.PROCESS_KEY + "/start", """
                {"variables": {"operation": {"value": "generated-password", "type": "String"},
                               "accountNames": {"value": "bob", "type": "String"}}}""");
        String token = TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], PUBLIC_BASE);
        EngineJobs.awaitIdle(managementService, resetStarter);
        int writesBefore = demoDirectory.passwordWrites();
        List<WebSession> browsers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            WebSession browser = new WebSession("http://localhost:" + port);
            assertThat(browser.get("/reset/" + token).status()).isEqualTo(200);
            browsers.add(browser);
        }

        // When all ten press the button at once
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        List<WebSession.Page> pages = new ArrayList<>();
        try {
            for (var result : pool.invokeAll(browsers.stream()
                    .map(b -> (java.util.concurrent.Callable<WebSession.Page>) () -> b.post("/reset/" + token,
                            java.util.Map.of())).toList())) {
                pages.add(result.get());
            }
        } finally {
            pool.shutdownNow();
        }

        // Then the directory generated one password, and exactly one page shows it: the one bob now has
        assertThat(demoDirectory.passwordWrites() - writesBefore).isEqualTo(1);
        List<WebSession.Page> shown = pages.stream().filter(p -> p.status() == 200).toList();
        assertThat(shown).hasSize(1);
        assertThat(pages).extracting(WebSession.Page::status).allMatch(s -> s == 200 || s == 410 || s == 503);
        String generated = shown.get(0).document().select("input#generated-password").attr("value");
        assertThat(demoDirectory.passwordMatches(demoDirectory.idOf("bob").orElseThrow(), generated)).isTrue();
        TestSmtp.awaitMessages(mailbox, 2);
    }

    /** One call to the engine's REST API as a demo engine user (password: the user name), its answer kept. */
    private JsonNode rest(String user, String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(user, method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + " as " + user + ": " + response.body())
                .isLessThan(400);
        restAnswers.add(response.body());
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(String user, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.EngineRest;
import org.resetflow.PasswordResetProcess;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * "Send reset links" for several accounts, as demohelpdesk starts it over the engine's REST API (what Tasklist's start
 * form sends), in demo mode with the job executor on: every account's reset starts at once, and the summary comes as
 * soon as every account has an outcome, while the links are still waiting for their owners. Issue 19, point 1: links
 * asked for bob, carol, nobody and dave went out one reset after the other, and the summary came once the last reset
 * had ended.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=https://reset.example.test"})
class ParallelResetLinksRestTest {

    /** Well inside every link's lifetime (10 minutes, reset-policy.dmn): what happens within it did not wait for one. */
    private static final Duration WITHIN_A_LINK_LIFETIME = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    ManagementService managementService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    DemoMailbox mailbox;
    @Autowired
    DemoDirectory demoDirectory;
    @Autowired
    Directory directory;

    private final ObjectMapper json = new ObjectMapper();
    private DemoUsersRest rest;

    @BeforeEach
    void setUp() {
        EngineRest.useEngineOf(processEngine);
        EngineJobs.awaitIdle(managementService, resetStarter);
        runtimeService.createProcessInstanceQuery().rootProcessInstances().list()
                .forEach(p -> runtimeService.deleteProcessInstance(p.getId(), "next scenario", true, true));
        demoDirectory.reset();
        mailbox.purge();
        rest = new DemoUsersRest(port);
    }

    @Test
    void shouldSendEveryLinkAtOnceAndSummarizeWhileTheLinksStillWait() throws Exception {
        // Given bob, carol (active here) and dave have accounts with an address, and nobody has none
        directory.setActive(demoDirectory.idOf("carol").orElseThrow(), true);

        // When the helpdesk asks for reset links for the four
        String request = start("demohelpdesk", "send-links", "bob\ncarol\nnobody\ndave");

        // Then the three mails arrive well within a link's lifetime, while no reset with a link has ended
        Awaitility.await().atMost(WITHIN_A_LINK_LIFETIME).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(recipients()).as("reset mails so far")
                        .containsExactlyInAnyOrder("bob@example.org", "carol@example.org", "shared@example.org"));
        assertThat(resetsOf(request)).as("resets still waiting for their owner's password").hasSize(3)
                .allSatisfy(reset -> assertThat(runtimeService.getActiveActivityIds(reset.getId()))
                        .containsExactly(PasswordResetProcess.TASK_WAIT_FOR_NEW_PASSWORD));
        // (nobody's name matched no account in the helpdesk's own look-up: no reset was started for it)
        assertThat(historyService.createHistoricProcessInstanceQuery().superProcessInstanceId(request).finished()
                .list()).as("resets ended so far").isEmpty();

        // and the helpdesk's summary task is there, one line per account in the order entered
        JsonNode summaryTask = awaitSummaryTask("demohelpdesk", request);
        assertThat(variable("demohelpdesk", request, HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY)).isEqualTo(
                "bob: link sent\ncarol: link sent\nnobody: not found\ndave: link sent");

        // When the helpdesk has read it
        DemoUsersRest.Answer completed = rest.call("demohelpdesk", "POST",
                "/task/" + summaryTask.path("id").asText() + "/complete", "{}");
        assertThat(completed.status()).as(completed.body()).isEqualTo(204);

        // Then the links still wait for their owners: reading the summary cancels nothing
        assertThat(resetsOf(request)).hasSize(3)
                .allSatisfy(reset -> assertThat(runtimeService.getActiveActivityIds(reset.getId()))
                        .containsExactly(PasswordResetProcess.TASK_WAIT_FOR_NEW_PASSWORD));
        assertThat(mailbox.messages()).hasSize(3);
    }

    @Test
    void shouldGiveAPrivilegedAccountsLineWithTheHelpdesksApprovalAndNotHoldBackTheOthersLinks() throws Exception {
        // Given root, an administrator's account (in the privileged group admins)
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + DemoDirectory.SCIM_BASE_PATH + "/Users"))
                .header("Content-Type", "application/scim+json").header("Accept", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "root",
                         "displayName": "Root Admin", "active": true,
                         "emails": [{"value": "root@example.org", "type": "work", "primary": true}],
                         "groups": [{"value": "admins", "display": "admins"}]}""")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        // When the helpdesk asks for reset links for root and bob
        String request = start("demohelpdesk", "send-links", "root\nbob");

        // Then bob's link goes out while root's reset waits for the helpdesk's approval, and the summary waits for it
        Awaitility.await().atMost(WITHIN_A_LINK_LIFETIME).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(recipients()).containsExactly("bob@example.org"));
        EngineJobs.awaitIdle(managementService, resetStarter);
        ProcessInstance rootsReset = resetsOf(request).stream()
                .filter(reset -> runtimeService.getActiveActivityIds(reset.getId())
                        .contains(PasswordResetProcess.TASK_APPROVE_RESET)).findFirst().orElseThrow();
        assertThat(tasks("demohelpdesk", "processInstanceId=" + request)).as("the request's tasks").isEmpty();

        // When a helpdesk member approves root's reset in Tasklist
        JsonNode approval = tasks("demohelpdesk", "processInstanceId=" + rootsReset.getId()).get(0);
        DemoUsersRest.Answer approved = rest.call("demohelpdesk", "POST", "/task/" + approval.path("id").asText()
                + "/complete", "{\"variables\": {\"approvalDecision\": {\"value\": \"approve\"}}}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(204);

        // Then root's link goes out, and the summary comes with a line for each, while both links wait
        JsonNode summaryTask = awaitSummaryTask("demohelpdesk", request);
        assertThat(summaryTask.path("name").asText()).isEqualTo("Review outcome per account");
        assertThat(recipients()).containsExactlyInAnyOrder("bob@example.org", "root@example.org");
        assertThat(variable("demohelpdesk", request, HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY))
                .isEqualTo("root: link sent\nbob: link sent");
        assertThat(resetsOf(request)).hasSize(2)
                .allSatisfy(reset -> assertThat(runtimeService.getActiveActivityIds(reset.getId()))
                        .containsExactly(PasswordResetProcess.TASK_WAIT_FOR_NEW_PASSWORD));
    }

    /** Starts helpdesk-reset as Tasklist's start form does, as this demo user. */
    private String start(String user, String operation, String names) {
        DemoUsersRest.Answer started = rest.call(user, "POST",
                "/process-definition/key/" + HelpdeskResetProcess.PROCESS_KEY + "/start", """
                {"variables": {"operation": {"value": "%s", "type": "String"},
                               "accountNames": {"value": "%s", "type": "String"}}}"""
                        .formatted(operation, names.replace("\n", "\\n")));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        return started.id();
    }

    /** The tasks this demo user's Tasklist finds with this query. */
    private JsonNode tasks(String user, String query) throws Exception {
        DemoUsersRest.Answer tasks = rest.call(user, "GET", "/task?" + query, null);
        assertThat(tasks.status()).as(tasks.body()).isEqualTo(200);
        return json.readTree(tasks.body());
    }

    /** The summary task as the helpdesk's Tasklist lists it. */
    private JsonNode awaitSummaryTask(String user, String request) {
        JsonNode[] task = new JsonNode[1];
        Awaitility.await().atMost(WITHIN_A_LINK_LIFETIME).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            DemoUsersRest.Answer tasks = rest.call(user, "GET", "/task?processInstanceId=" + request
                    + "&taskDefinitionKey=" + HelpdeskResetProcess.TASK_REVIEW_SUMMARY, null);
            assertThat(tasks.status()).as(tasks.body()).isEqualTo(200);
            assertThat(json.readTree(tasks.body())).as("summary tasks of the request").hasSize(1);
            task[0] = json.readTree(tasks.body()).get(0);
        });
        return task[0];
    }

    private String variable(String user, String processInstance, String name) throws Exception {
        DemoUsersRest.Answer answer = rest.call(user, "GET",
                "/process-instance/" + processInstance + "/variables/" + name, null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return json.readTree(answer.body()).path("value").asText();
    }

    private List<ProcessInstance> resetsOf(String request) {
        return runtimeService.createProcessInstanceQuery().superProcessInstanceId(request).list();
    }

    private List<String> recipients() {
        return mailbox.messages().stream().map(ParallelResetLinksRestTest::recipient).toList();
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}

package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.EngineRest;
import org.resetflow.TestSmtp;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.helpdesk.DemoUsersRest.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Starts begin at the start event: the right to start a process is not the right to start it at any step. As
 * {@code demohelpdesk} over the REST API, a start with start instructions, a modification and a restart are refused
 * with 403 and nothing starts or changes (the job executor is on, so a started reset would have mailed its link);
 * a plain start works as before, and an admin may still modify an instance.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.demo.helpdesk-password=demohelpdesk", "resetflow.demo.owner-password=demoowner",
        "resetflow.demo.admin-password=demoadmin"})
class StartsAtTheStartTest {

    private static final String HELPDESK = "demohelpdesk";
    private static final String ADMIN = "demoadmin";
    private static final List<String> KEYS = List.of("account-activation", "helpdesk-reset", "password-reset");

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;
    @Autowired
    IdentityService identityService;
    @Autowired
    TaskService taskService;
    @Autowired
    ManagementService managementService;
    @Autowired
    DemoDirectory demoDirectory;
    @Autowired
    DemoMailbox mailbox;

    private DemoUsersRest rest;

    @BeforeEach
    void setUp() throws Exception {
        EngineRest.useEngineOf(processEngine);
        rest = new DemoUsersRest(port);
        EngineJobs.awaitNoDueJobs(managementService);
        mailbox.purge();
        // An account that exists already: the directory's own administrator
        if (demoDirectory.idOf("root").isEmpty()) {
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + DemoDirectory.SCIM_BASE_PATH + "/Users"))
                    .header("Content-Type", "application/scim+json").POST(HttpRequest.BodyPublishers.ofString("""
                            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "root",
                             "displayName": "Directory Root", "active": true,
                             "emails": [{"value": "root@example.org", "type": "work", "primary": true}]}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
    }

    @AfterEach
    void tearDown() {
        // Whatever a test started goes, its jobs with it (a refused call left nothing; an allowed one may have left a
        // job that fails and retries). The job executor may be running one of them: then try again.
        for (int attempt = 0; ; attempt++) {
            try {
                KEYS.forEach(key -> runtimeService.createProcessInstanceQuery().processDefinitionKey(key).list()
                        .forEach(instance -> runtimeService.deleteProcessInstance(instance.getId(), "test done",
                                true, true)));
                break;
            } catch (OptimisticLockingException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
        demoDirectory.reset();
    }

    @Test
    void shouldRefuseTheHelpdeskAnActivationStartedAtTheLinkForAnExistingAccount() throws Exception {
        long startedBefore = startedSoFar();

        // When the helpdesk starts an activation for root straight at "Send activation link"
        Answer answer = rest.call(HELPDESK, "POST", "/process-definition/key/account-activation/start", """
                {"variables": {"accountName": {"value": "root"}, "newAccountEmail": {"value": "root@example.org"}},
                 "startInstructions": [{"type": "startBeforeActivity", "activityId": "Task_SendActivationLink"}]}""");
        EngineJobs.awaitNoDueJobs(managementService);

        // Then root gets no link, nothing started, and the helpdesk was told why
        assertThat(recipients()).as("mail sent").doesNotContain("root@example.org");
        assertThat(startedSoFar()).as("process instances started").isEqualTo(startedBefore);
        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
        assertThat(answer.body()).contains("start instructions");
    }

    @Test
    void shouldRefuseTheHelpdeskAHelpdeskResetStartedAtTheLinkStep() throws Exception {
        long startedBefore = startedSoFar();

        // When the helpdesk starts its reset process straight at "Send reset link" for bob
        Answer answer = rest.call(HELPDESK, "POST", "/process-definition/key/helpdesk-reset/start", """
                {"variables": {"operation": {"value": "send-links"}, "accountNames": {"value": "bob"}},
                 "startInstructions": [{"type": "startBeforeActivity",
                  "activityId": "Task_SendResetLink#multiInstanceBody"}]}""");
        EngineJobs.awaitNoDueJobs(managementService);

        // Then bob gets no link and nothing started
        assertThat(recipients()).as("mail sent").doesNotContain("bob@example.org");
        assertThat(startedSoFar()).as("process instances started").isEqualTo(startedBefore);
        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
    }

    @Test
    void shouldRefuseTheHelpdeskModifyingOrRestartingItsOwnInstanceButLetAnAdminModifyIt() throws Exception {
        // Given the helpdesk's own reset waits at its summary (a plain start, as Tasklist's start form makes it)
        Answer started = rest.call(HELPDESK, "POST", "/process-definition/key/helpdesk-reset/start", """
                {"variables": {"operation": {"value": "send-links"}, "accountNames": {"value": "nobody-here"}}}""");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        String instance = started.id();
        EngineJobs.awaitNoDueJobs(managementService);
        assertThat(runtimeService.getActiveActivityIds(instance)).containsExactly("Task_ReviewSummary");
        String definition = runtimeService.createProcessInstanceQuery().processInstanceId(instance).singleResult()
                .getProcessDefinitionId();
        String modification = """
                {"instructions": [{"type": "startBeforeActivity",
                  "activityId": "Task_SendResetLink#multiInstanceBody",
                  "variables": {"accountNames": {"value": "bob"}}}]}""";
        String ended = endedHelpdeskReset();
        long startedBefore = startedSoFar();

        // When the helpdesk modifies it to send bob a link, synchronously or as a batch, or restarts an ended one
        Answer modified = rest.call(HELPDESK, "POST", "/process-instance/" + instance + "/modification", modification);
        Answer modifiedAsync = rest.call(HELPDESK, "POST", "/process-instance/" + instance + "/modification-async",
                modification);
        Answer modifiedMany = rest.call(HELPDESK, "POST", "/modification/execute", """
                {"processDefinitionId": "%s", "processInstanceIds": ["%s"],
                 "instructions": [{"type": "startBeforeActivity",
                  "activityId": "Task_SendResetLink#multiInstanceBody"}]}""".formatted(definition, instance));
        Answer restarted = rest.call(HELPDESK, "POST", "/process-definition/" + definition + "/restart", """
                {"processInstanceIds": ["%s"], "instructions": [{"type": "startBeforeActivity",
                  "activityId": "Task_SendResetLink#multiInstanceBody"}]}"""
                .formatted(ended));
        EngineJobs.awaitNoDueJobs(managementService);

        // Then bob gets no link, the instance is unchanged and nothing started
        assertThat(recipients()).as("mail sent").doesNotContain("bob@example.org");
        assertThat(runtimeService.getActiveActivityIds(instance)).containsExactly("Task_ReviewSummary");
        assertThat(startedSoFar()).as("process instances started").isEqualTo(startedBefore);
        for (Answer refused : List.of(modified, modifiedAsync, modifiedMany, restarted)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        }

        // But an admin may modify it: a second look at the summary
        Answer admin = rest.call(ADMIN, "POST", "/process-instance/" + instance + "/modification", """
                {"instructions": [{"type": "startBeforeActivity", "activityId": "Task_ReviewSummary"}]}""");
        assertThat(admin.status()).as(admin.body()).isEqualTo(204);
        assertThat(taskService.createTaskQuery().processInstanceId(instance).count()).isEqualTo(2);
    }

    @Test
    void shouldRefuseTheSameStartThroughTheJavaApiForTheSignedInHelpdesk() {
        long startedBefore = startedSoFar();

        // When code signed in as the helpdesk starts an activation at the link step through the Java API
        identityService.setAuthentication(HELPDESK, List.of("helpdesk"));
        Throwable refused;
        try {
            refused = catchThrowable(() -> runtimeService.createProcessInstanceByKey("account-activation")
                    .startBeforeActivity("Task_SendActivationLink").setVariable("accountName", "root").execute());
        } finally {
            identityService.clearAuthentication();
        }

        // Then it is refused and nothing started
        assertThat(startedSoFar()).as("process instances started").isEqualTo(startedBefore);
        assertThat(refused).isInstanceOf(AuthorizationException.class).hasMessageContaining(HELPDESK);
    }

    @Test
    void shouldLetTheHelpdeskStartAtTheStartAsBefore() throws Exception {
        // A start that skips listeners or mappings is no plain start: the engine refuses it without instructions
        long startedBefore = startedSoFar();
        Answer skipping = rest.call(HELPDESK, "POST", "/process-definition/key/helpdesk-reset/start", """
                {"variables": {"operation": {"value": "send-links"}, "accountNames": {"value": "alice"}},
                 "skipCustomListeners": true}""");
        assertThat(skipping.status()).as(skipping.body()).isGreaterThanOrEqualTo(400);
        assertThat(startedSoFar()).isEqualTo(startedBefore);

        // When the helpdesk sends alice a link from the start form
        Answer started = rest.call(HELPDESK, "POST", "/process-definition/key/helpdesk-reset/start", """
                {"variables": {"operation": {"value": "send-links"}, "accountNames": {"value": "alice"}}}""");

        // Then it starts and alice gets her link
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        MimeMessage mail = TestSmtp.awaitMessages(mailbox, 1)[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("alice@example.org");
    }

    /** The helpdesk's reset for nobody, started and its summary completed by the helpdesk. */
    private String endedHelpdeskReset() {
        Answer started = rest.call(HELPDESK, "POST", "/process-definition/key/helpdesk-reset/start", """
                {"variables": {"operation": {"value": "send-links"}, "accountNames": {"value": "nobody-either"}}}""");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        EngineJobs.awaitNoDueJobs(managementService);
        String task = taskService.createTaskQuery().processInstanceId(started.id()).singleResult().getId();
        assertThat(rest.call(HELPDESK, "POST", "/task/" + task + "/complete", "{}").status()).isEqualTo(204);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(started.id()).finished()
                .count()).isEqualTo(1);
        return started.id();
    }

    private long startedSoFar() {
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKeyIn(KEYS.toArray(String[]::new))
                .count();
    }

    private List<String> recipients() throws MessagingException {
        List<String> to = new java.util.ArrayList<>();
        for (MimeMessage message : mailbox.messages()) {
            Address[] addresses = message.getAllRecipients();
            if (addresses != null) {
                Arrays.stream(addresses).map(Address::toString).forEach(to::add);
            }
        }
        return to;
    }
}

package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.EngineRest;
import org.resetflow.TestSmtp;
import org.resetflow.helpdesk.DemoUsersRest.Answer;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The three engine groups over the REST API, as their members would call it: each group's forbidden calls (reading
 * and starting resets, deploying, the admin APIs, and every call on a reset's jobs and incidents: list, retry, run
 * (a refused run must not cost a retry), reschedule, reprioritise, suspend, delete, batch retries, annotate, resolve)
 * are refused (403, 404, or an empty list where the API filters by authorization) and change nothing, next to the
 * allowed call they are the boundary of. And the process owners' job: deploying a changed policy table that new
 * resets follow while running ones keep theirs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=http://directory.invalid/scim/v2",
        TestSmtp.HOST})
class EngineRolesRestTest {

    private static final DirectoryAccount ALICE =
            new DirectoryAccount("id-alice", "alice", "alice@example.org", "Alice Adams", true, List.of("staff"));
    private static final DirectoryAccount CAROL =
            new DirectoryAccount("id-carol", "carol", "carol@example.org", "Carol Clark", true, List.of("staff"));
    private static final DirectoryAccount BOB =
            new DirectoryAccount("id-bob", "bob", "bob@example.org", "Bob Brown", true, List.of("admins"));

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry);
    }

    @MockitoBean
    Directory directory;

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    IdentityService identityService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    ManagementService managementService;
    @Autowired
    TaskService taskService;
    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;

    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private DemoUsersRest rest;
    private final List<String> deployments = new ArrayList<>();

    @BeforeEach
    void setUp() {
        EngineRest.useEngineOf(processEngine);
        rest = new DemoUsersRest(port, password);
        TestSmtp.purge();
        rest.member(identityService, "helen", "helpdesk");
        rest.member(identityService, "olga", "process-owners");
        rest.member(identityService, "adam", "admins");
        when(directory.findByUserName("alice")).thenReturn(List.of(ALICE));
        when(directory.findByUserName("carol")).thenReturn(List.of(CAROL));
        when(directory.findByUserName("bob")).thenReturn(List.of(BOB));
    }

    @AfterEach
    void removeDeployedTables() {
        deployments.forEach(id -> repositoryService.deleteDeployment(id, true));
    }

    @Test
    void shouldLetTheHelpdeskAloneStartAnAccountActivationByItsKey() throws Exception {
        String form = "{\"variables\":{\"accountName\":{\"value\":\"frank\"},"
                + "\"newAccountEmail\":{\"value\":\"frank@example.org\"}}}";

        // A process owner may not start it
        assertThat(rest.call("olga", "POST", "/process-definition/key/account-activation/start", form).status())
                .isEqualTo(403);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey("account-activation").count())
                .isZero();

        // The helpdesk starts it, as Tasklist's start form does
        var started = rest.call("helen", "POST", "/process-definition/key/account-activation/start", form);
        assertThat(started.status()).isEqualTo(200);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey("account-activation").count())
                .isEqualTo(1);
        runtimeService.createProcessInstanceQuery().processDefinitionKey("account-activation").list()
                .forEach(instance -> runtimeService.deleteProcessInstance(instance.getId(), "test done", true, true));
    }

    @Test
    void shouldRefuseTheHelpdeskEverythingButItsTasks() throws Exception {
        // Given a self-service reset waits for its password, and a privileged one for the helpdesk's approval
        String selfService = waitingReset("alice");
        String privileged = startedReset("bob");
        String approval = taskService.createTaskQuery().processInstanceId(privileged).singleResult().getId();

        // Then the helpdesk cannot read the self-service reset, its variables or history, nor find it
        assertThat(rest.call("helen", "GET", "/process-instance/" + selfService + "/variables", null).status()).isEqualTo(403);
        assertThat(rest.call("helen", "GET", "/process-instance/" + selfService, null).status()).isIn(403, 404);
        assertEmptyList(rest.call("helen", "GET", "/variable-instance?processInstanceIdIn=" + selfService, null));
        assertEmptyList(rest.call("helen", "GET", "/history/variable-instance?processInstanceId=" + selfService, null));
        assertEmptyList(rest.call("helen", "GET", "/process-instance?processDefinitionKey=password-reset", null));
        assertEmptyList(rest.call("helen", "GET", "/history/process-instance", null));
        // nor start one, deploy, or touch jobs and incidents
        assertThat(rest.call("helen", "POST", "/process-definition/key/password-reset/start", "{}").status()).isEqualTo(403);
        assertThat(deploy("helen", "PT1M").status()).isEqualTo(403);
        assertThat(rest.call("helen", "PUT", "/job/" + timerOf(selfService).getId() + "/retries", "{\"retries\":1}")
                .status()).isIn(403, 404);
        // nor use the admin APIs: users, groups, memberships, authorizations
        assertThat(rest.call("helen", "POST", "/user/create",
                "{\"profile\":{\"id\":\"eve\"},\"credentials\":{\"password\":\"" + password + "\"}}").status())
                .isEqualTo(403);
        assertThat(rest.call("helen", "PUT", "/group/admins/members/helen", null).status()).isEqualTo(403);
        assertThat(rest.call("helen", "POST", "/authorization/create", "{\"type\":1,\"permissions\":[\"ALL\"],"
                + "\"userId\":\"helen\",\"resourceType\":8,\"resourceId\":\"*\"}").status()).isEqualTo(403);

        // But it sees and works its approval task
        assertThat(rest.call("helen", "GET", "/task?candidateGroup=helpdesk", null).body()).contains(approval);
        assertThat(rest.call("helen", "POST", "/task/" + approval + "/complete",
                "{\"variables\":{\"approvalDecision\":{\"value\":\"reject\"},"
                        + "\"approvalComment\":{\"value\":\"Could not reach the owner\"}}}").status()).isEqualTo(204);
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(privileged).count()).isZero();
    }

    @Test
    void shouldLetProcessOwnersDeployButNotReadOrStartResets() throws Exception {
        // Given a self-service reset waits for its password
        String selfService = waitingReset("alice");

        // Then a process owner cannot read it, its variables, its history or tasks, nor start or change resets
        assertThat(rest.call("olga", "GET", "/process-instance/" + selfService + "/variables", null).status()).isEqualTo(403);
        assertEmptyList(rest.call("olga", "GET", "/process-instance", null));
        assertEmptyList(rest.call("olga", "GET", "/variable-instance", null));
        assertEmptyList(rest.call("olga", "GET", "/history/process-instance", null));
        assertEmptyList(rest.call("olga", "GET", "/task", null));
        assertThat(rest.call("olga", "POST", "/process-definition/key/password-reset/start", "{}").status()).isEqualTo(403);
        assertThat(rest.call("olga", "DELETE", "/process-instance/" + selfService, null).status()).isIn(403, 404);
        assertThat(rest.call("olga", "PUT", "/group/admins/members/olga", null).status()).isEqualTo(403);
        // but reads the models and may deploy
        assertThat(rest.call("olga", "GET", "/decision-definition/key/resetPolicy/xml", null).status()).isEqualTo(200);
        assertThat(deploy("olga", "PT10M").status()).isEqualTo(200);
    }

    @Test
    void shouldLetAdminsReadAndRetryButNeverWriteASecretOrRedirectAReset() throws Exception {
        // Given a self-service reset waits for its password
        String selfService = waitingReset("alice");

        // Then an admin reads it (what the other groups were refused)
        Answer variables = rest.call("adam", "GET", "/process-instance/" + selfService + "/variables", null);
        assertThat(variables.status()).isEqualTo(200);
        assertThat(variables.body()).contains("alice@example.org");
        // but no engine user may store a password or change where the link goes
        assertThat(rest.call("adam", "PUT", "/process-instance/" + selfService + "/variables/newPassword",
                "{\"value\":\"Velvet-Harbor-Quietly-92\",\"type\":\"String\"}").status()).isEqualTo(403);
        assertThat(rest.call("adam", "PUT", "/process-instance/" + selfService + "/variables/accountEmail",
                "{\"value\":\"mallory@example.net\",\"type\":\"String\"}").status()).isEqualTo(403);
        assertThat(runtimeService.getVariable(selfService, "accountEmail")).isEqualTo("alice@example.org");
    }

    @Test
    void shouldRefuseTheHelpdeskAndProcessOwnersEveryCallOnJobsAndIncidentsThatAnAdminMayMake() {
        // Given a self-service reset waits for its password, its expiry timer a job, and it has an incident
        String selfService = waitingReset("alice");
        Job timer = timerOf(selfService);
        long batches = managementService.createBatchQuery().count();
        String waiting = runtimeService.createExecutionQuery().processInstanceId(selfService)
                .activityId("Task_WaitForNewPassword").singleResult().getId();
        Incident incident = runtimeService.createIncident("directoryOutage", waiting, "look-up",
                "Directory idp.example.org:443 failed to look up an account: HTTP 503 after 3 attempts");

        for (String user : List.of("helen", "olga")) {
            // Then neither the helpdesk nor a process owner finds the job or the incident
            assertEmptyList(rest.call(user, "GET", "/job?processInstanceId=" + selfService, null));
            assertEmptyList(rest.call(user, "GET", "/incident?processInstanceId=" + selfService, null));
            assertEmptyList(rest.call(user, "GET", "/history/incident?processInstanceId=" + selfService, null));
            // nor retries, runs (twice: a refused run must not count as a failed one), reschedules, reprioritises,
            // suspends or deletes the job, alone, by its instance or definition, or in a batch
            assertRefused(user, "PUT", "/job/" + timer.getId() + "/retries", "{\"retries\":0}");
            assertRefused(user, "POST", "/job/" + timer.getId() + "/execute", null);
            assertRefused(user, "POST", "/job/" + timer.getId() + "/execute", null);
            assertThat(rest.call(user, "POST", "/job/" + UUID.randomUUID() + "/execute", null).status())
                    .isEqualTo(404);
            assertRefused(user, "PUT", "/job/" + timer.getId() + "/duedate",
                    "{\"duedate\":\"2000-01-01T00:00:00.000+0000\"}");
            assertRefused(user, "POST", "/job/" + timer.getId() + "/duedate/recalculate", null);
            assertRefused(user, "PUT", "/job/" + timer.getId() + "/priority", "{\"priority\":99}");
            assertRefused(user, "PUT", "/job/" + timer.getId() + "/suspended", "{\"suspended\":true}");
            assertRefused(user, "PUT", "/job/suspended",
                    "{\"processInstanceId\":\"" + selfService + "\",\"suspended\":true}");
            assertRefused(user, "DELETE", "/job/" + timer.getId(), null);
            assertRefused(user, "PUT", "/job-definition/" + timer.getJobDefinitionId() + "/retries",
                    "{\"retries\":0}");
            assertRefused(user, "PUT", "/job-definition/" + timer.getJobDefinitionId() + "/suspended",
                    "{\"suspended\":true,\"includeJobs\":true}");
            assertRefused(user, "PUT", "/job-definition/" + timer.getJobDefinitionId() + "/jobPriority",
                    "{\"priority\":99,\"includeJobs\":true}");
            assertRefused(user, "POST", "/job/retries", "{\"jobIds\":[\"" + timer.getId() + "\"],\"retries\":0}");
            // nor annotates or resolves the incident
            assertRefused(user, "PUT", "/incident/" + incident.getId() + "/annotation", "{\"annotation\":\"seen\"}");
            assertRefused(user, "DELETE", "/incident/" + incident.getId(), null);
        }
        // And the job and the incident are as they were, and no batch was made
        Job unchanged = managementService.createJobQuery().jobId(timer.getId()).singleResult();
        assertThat(unchanged.getRetries()).isEqualTo(timer.getRetries());
        assertThat(unchanged.getExceptionMessage()).isNull();
        assertThat(unchanged.getDuedate()).isEqualTo(timer.getDuedate());
        assertThat(unchanged.getPriority()).isEqualTo(timer.getPriority());
        assertThat(unchanged.isSuspended()).isFalse();
        assertThat(managementService.createJobDefinitionQuery().jobDefinitionId(timer.getJobDefinitionId())
                .singleResult().isSuspended()).isFalse();
        assertThat(runtimeService.createIncidentQuery().incidentId(incident.getId()).singleResult().getAnnotation())
                .isNull();
        assertThat(managementService.createBatchQuery().count()).isEqualTo(batches);

        // But an admin, the boundary of those calls, finds and retries the job, annotates and resolves the incident
        assertThat(rest.call("adam", "GET", "/incident?processInstanceId=" + selfService, null).body())
                .contains(incident.getId());
        assertThat(rest.call("adam", "PUT", "/job/" + timer.getId() + "/retries", "{\"retries\":2}").status())
                .isEqualTo(204);
        assertThat(rest.call("adam", "PUT", "/incident/" + incident.getId() + "/annotation",
                "{\"annotation\":\"seen\"}").status()).isEqualTo(204);
        assertThat(rest.call("adam", "DELETE", "/incident/" + incident.getId(), null).status()).isEqualTo(204);
        assertThat(managementService.createJobQuery().jobId(timer.getId()).singleResult().getRetries()).isEqualTo(2);
        assertThat(runtimeService.createIncidentQuery().incidentId(incident.getId()).count()).isZero();
        // and runs it: the link expires now
        assertThat(rest.call("adam", "POST", "/job/" + timer.getId() + "/execute", null).status()).isEqualTo(204);
        assertThat(managementService.createJobQuery().jobId(timer.getId()).count()).isZero();
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(selfService).count()).isZero();
    }

    @Test
    void shouldApplyADeployedPolicyTableToNewResetsOnly() throws Exception {
        // Given alice's reset waits with the shipped policy's values
        String running = waitingReset("alice");
        Date runningExpiry = timerOf(running).getDuedate();
        assertThat(runtimeService.getVariable(running, "tokenLifetime")).isEqualTo("PT10M");
        assertThat(runtimeService.getVariable(running, "maxAttempts")).isEqualTo(5);

        // When a process owner deploys a table with a 30-minute link and 2 attempts, the table alone
        Answer deployed = deploy("olga", "PT30M");
        assertThat(deployed.status()).isEqualTo(200);
        assertThat(deployed.body()).contains("deployedDecisionDefinitions").doesNotContain("deployedProcessDefinitions\":{\"");

        // Then a new reset follows the new table
        String next = waitingReset("carol");
        assertThat(runtimeService.getVariable(next, "tokenLifetime")).isEqualTo("PT30M");
        assertThat(runtimeService.getVariable(next, "maxAttempts")).isEqualTo(2);
        assertThat(timerOf(next).getDuedate()).isAfter(new Date(System.currentTimeMillis() + 25 * 60_000L));

        // and the running one keeps what it was given
        assertThat(runtimeService.getVariable(running, "tokenLifetime")).isEqualTo("PT10M");
        assertThat(runtimeService.getVariable(running, "maxAttempts")).isEqualTo(5);
        assertThat(timerOf(running).getDuedate()).isEqualTo(runningExpiry);
    }

    private Answer deploy(String user, String lifetime) {
        // Every rule's lifetime and attempts: what an owner would change in Camunda Modeler
        String changed = DemoUsersRest.classpath("/bpmn/reset-policy.dmn").replace("\"PT10M\"", "\"" + lifetime + "\"")
                .replaceAll("(OutputEntry_\\w+Attempts\"><text>)\\d+", "$12");
        Answer answer = rest.deploy(user, "reset-policy", Map.of("reset-policy.dmn", changed));
        if (answer.status() == 200) {
            deployments.add(answer.id());
        }
        return answer;
    }

    private String startedReset(String identifier) {
        resetRequests.request(identifier, "192.0.2.7");
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        return runtimeService.createProcessInstanceQuery().variableValueEquals("accountUserName", identifier)
                .orderByProcessInstanceId().desc().list().stream()
                .filter(p -> !p.isEnded()).findFirst().orElseThrow().getId();
    }

    private String waitingReset(String identifier) {
        String id = startedReset(identifier);
        assertThat(runtimeService.getActiveActivityIds(id)).containsExactly("Task_WaitForNewPassword");
        return id;
    }

    private Job timerOf(String processInstanceId) {
        return managementService.createJobQuery().processInstanceId(processInstanceId).timers().singleResult();
    }


    /** Refused: 403, or 404 where the engine will not say that what the caller may not read exists. */
    private void assertRefused(String user, String method, String path, String json) {
        Answer answer = rest.call(user, method, path, json);
        assertThat(answer.status()).as(user + " " + method + " " + path + ": " + answer.body()).isIn(403, 404);
    }

    private static void assertEmptyList(Answer answer) {
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("[]");
    }




}

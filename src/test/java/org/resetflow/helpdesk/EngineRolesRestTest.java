package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.EngineRest;
import org.resetflow.TestSmtp;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.resetflow.scim.Directory;
import org.resetflow.scim.DirectoryAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The three engine groups over the REST API, as their members would call it: each forbidden call is refused (403,
 * or an empty list where the API filters by authorization), next to the allowed call it is the boundary of. And the
 * process owners' job: deploying a changed policy table that new resets follow while running ones keep theirs.
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

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private final List<String> deployments = new ArrayList<>();

    @BeforeEach
    void setUp() {
        EngineRest.useEngineOf(processEngine);
        TestSmtp.purge();
        member("helen", "helpdesk");
        member("olga", "process-owners");
        member("adam", "admins");
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
        assertThat(call("olga", "POST", "/process-definition/key/account-activation/start", form).status())
                .isEqualTo(403);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey("account-activation").count())
                .isZero();

        // The helpdesk starts it, as Tasklist's start form does
        var started = call("helen", "POST", "/process-definition/key/account-activation/start", form);
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
        assertThat(call("helen", "GET", "/process-instance/" + selfService + "/variables", null).status()).isEqualTo(403);
        assertThat(call("helen", "GET", "/process-instance/" + selfService, null).status()).isIn(403, 404);
        assertEmptyList(call("helen", "GET", "/variable-instance?processInstanceIdIn=" + selfService, null));
        assertEmptyList(call("helen", "GET", "/history/variable-instance?processInstanceId=" + selfService, null));
        assertEmptyList(call("helen", "GET", "/process-instance?processDefinitionKey=password-reset", null));
        assertEmptyList(call("helen", "GET", "/history/process-instance", null));
        // nor start one, deploy, or touch jobs and incidents
        assertThat(call("helen", "POST", "/process-definition/key/password-reset/start", "{}").status()).isEqualTo(403);
        assertThat(deploy("helen", "PT1M").status()).isEqualTo(403);
        assertThat(call("helen", "PUT", "/job/" + timerOf(selfService).getId() + "/retries", "{\"retries\":1}")
                .status()).isIn(403, 404);
        // nor use the admin APIs: users, groups, memberships, authorizations
        assertThat(call("helen", "POST", "/user/create",
                "{\"profile\":{\"id\":\"eve\"},\"credentials\":{\"password\":\"" + password + "\"}}").status())
                .isEqualTo(403);
        assertThat(call("helen", "PUT", "/group/admins/members/helen", null).status()).isEqualTo(403);
        assertThat(call("helen", "POST", "/authorization/create", "{\"type\":1,\"permissions\":[\"ALL\"],"
                + "\"userId\":\"helen\",\"resourceType\":8,\"resourceId\":\"*\"}").status()).isEqualTo(403);

        // But it sees and works its approval task
        assertThat(call("helen", "GET", "/task?candidateGroup=helpdesk", null).body()).contains(approval);
        assertThat(call("helen", "POST", "/task/" + approval + "/complete",
                "{\"variables\":{\"approvalDecision\":{\"value\":\"reject\"},"
                        + "\"approvalComment\":{\"value\":\"Could not reach the owner\"}}}").status()).isEqualTo(204);
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(privileged).count()).isZero();
    }

    @Test
    void shouldLetProcessOwnersDeployButNotReadOrStartResets() throws Exception {
        // Given a self-service reset waits for its password
        String selfService = waitingReset("alice");

        // Then a process owner cannot read it, its variables, its history or tasks, nor start or change resets
        assertThat(call("olga", "GET", "/process-instance/" + selfService + "/variables", null).status()).isEqualTo(403);
        assertEmptyList(call("olga", "GET", "/process-instance", null));
        assertEmptyList(call("olga", "GET", "/variable-instance", null));
        assertEmptyList(call("olga", "GET", "/history/process-instance", null));
        assertEmptyList(call("olga", "GET", "/task", null));
        assertThat(call("olga", "POST", "/process-definition/key/password-reset/start", "{}").status()).isEqualTo(403);
        assertThat(call("olga", "DELETE", "/process-instance/" + selfService, null).status()).isIn(403, 404);
        assertThat(call("olga", "PUT", "/group/admins/members/olga", null).status()).isEqualTo(403);
        // but reads the models and may deploy
        assertThat(call("olga", "GET", "/decision-definition/key/resetPolicy/xml", null).status()).isEqualTo(200);
        assertThat(deploy("olga", "PT10M").status()).isEqualTo(200);
    }

    @Test
    void shouldLetAdminsReadAndRetryButNeverWriteASecretOrRedirectAReset() throws Exception {
        // Given a self-service reset waits for its password
        String selfService = waitingReset("alice");

        // Then an admin reads it (what the other groups were refused)
        HttpAnswer variables = call("adam", "GET", "/process-instance/" + selfService + "/variables", null);
        assertThat(variables.status()).isEqualTo(200);
        assertThat(variables.body()).contains("alice@example.org");
        // but no engine user may store a password or change where the link goes
        assertThat(call("adam", "PUT", "/process-instance/" + selfService + "/variables/newPassword",
                "{\"value\":\"Velvet-Harbor-Quietly-92\",\"type\":\"String\"}").status()).isEqualTo(403);
        assertThat(call("adam", "PUT", "/process-instance/" + selfService + "/variables/accountEmail",
                "{\"value\":\"mallory@example.net\",\"type\":\"String\"}").status()).isEqualTo(403);
        assertThat(runtimeService.getVariable(selfService, "accountEmail")).isEqualTo("alice@example.org");
    }

    @Test
    void shouldApplyADeployedPolicyTableToNewResetsOnly() throws Exception {
        // Given alice's reset waits with the shipped policy's values
        String running = waitingReset("alice");
        Date runningExpiry = timerOf(running).getDuedate();
        assertThat(runtimeService.getVariable(running, "tokenLifetime")).isEqualTo("PT10M");
        assertThat(runtimeService.getVariable(running, "maxAttempts")).isEqualTo(5);

        // When a process owner deploys a table with a 30-minute link and 2 attempts, the table alone
        HttpAnswer deployed = deploy("olga", "PT30M");
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

    private HttpAnswer deploy(String user, String lifetime) throws IOException, InterruptedException {
        String table;
        try (InputStream in = getClass().getResourceAsStream("/bpmn/reset-policy.dmn")) {
            table = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Every rule's lifetime and attempts: what an owner would change in Camunda Modeler
        String changed = table.replace("\"PT10M\"", "\"" + lifetime + "\"")
                .replaceAll("(OutputEntry_\\w+Attempts\"><text>)\\d+", "$12");
        String boundary = "----resetflow" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\n"
                + "reset-policy\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-source\"\r\n\r\n"
                + "Camunda Modeler\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; "
                + "filename=\"reset-policy.dmn\"\r\nContent-Type: application/octet-stream\r\n\r\n" + changed
                + "\r\n--" + boundary + "--\r\n";
        HttpAnswer answer = send(user, HttpRequest.newBuilder(uri("/deployment/create"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        if (answer.status() == 200) {
            deployments.add(answer.body().replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1"));
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

    private void member(String userId, String groupId) {
        User user = identityService.createUserQuery().userId(userId).singleResult();
        if (user == null) {
            user = identityService.newUser(userId);
        }
        user.setPassword(password);
        identityService.saveUser(user);
        if (identityService.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
            identityService.createMembership(userId, groupId);
        }
    }

    private static void assertEmptyList(HttpAnswer answer) {
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("[]");
    }

    private HttpAnswer call(String user, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        return send(user, request);
    }

    private HttpAnswer send(String user, HttpRequest.Builder request) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(request.header("Authorization", "Basic " + basic)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new HttpAnswer(response.statusCode(), response.body());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + "/engine-rest" + path);
    }

    record HttpAnswer(int status, String body) {
    }
}

package org.resetflow.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.resetflow.DatabaseScan;
import org.resetflow.PasswordResetProcess;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.token.ResetTokens;
import org.resetflow.EngineJobs;
import org.resetflow.request.ResetStarter;
import org.resetflow.EngineRest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An engine admin (the demo's {@code demo} user, member of {@code camunda-admin}) tries every engine surface that
 * could carry a new password into a waiting reset: message correlation, variable writes, instance modification, a
 * start and a restart with variables or start instructions, and Tasklist. Each call is refused with 403 and a message that says why, nothing reaches
 * the directory, the value is in no table and no log line, and the user's link still works afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + EngineApiCannotSetPasswordTest.PUBLIC_BASE,
        "resetflow.rate-limit.requests-per-identifier=1000"})
@ExtendWith(OutputCaptureExtension.class)
class EngineApiCannotSetPasswordTest {

    static final String PUBLIC_BASE = "https://reset.example.test";
    private static final String ADMINS_PASSWORD = "Admin-Chosen-Pass-4711";

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    DemoDirectory directory;
    @Autowired
    ResetTokens resetTokens;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    ManagementService managementService;
    @Autowired
    org.camunda.bpm.engine.ProcessEngine processEngine;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    DemoMailbox mailbox;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WebSession browser;

    @BeforeEach
    void setUp() {
        EngineRest.useEngineOf(processEngine);
        mailbox.purge();
        browser = new WebSession("http://localhost:" + port);
        browser.get("/");
    }

    @Test
    void shouldRefuseEveryEngineCallThatCouldSetAPasswordAndKeepTheUsersLinkWorking(CapturedOutput output)
            throws Exception {
        // Given alice waits for her new password, with a link in her mail
        String token = newLink("alice");
        String reset = resetTokens.findReset(token).orElseThrow();
        String aliceId = directory.idOf("alice").orElseThrow();
        int writesBefore = directory.passwordWrites();
        String definitionId = runtimeService.createProcessInstanceQuery().processInstanceId(reset).singleResult()
                .getProcessDefinitionId();
        String endedReset = endedResetFor("bob");
        String secretVariables = """
                {"newPassword": {"value": "%1$s", "type": "String"},
                 "confirmPassword": {"value": "%1$s", "type": "String"}}""".formatted(ADMINS_PASSWORD);
        String transientVariables = """
                {"newPassword": {"value": "%1$s", "type": "String", "valueInfo": {"transient": true}},
                 "confirmPassword": {"value": "%1$s", "type": "String", "valueInfo": {"transient": true}}}"""
                .formatted(ADMINS_PASSWORD);

        // When an admin tries each engine surface, then each is refused with a clear 4xx
        // ... Tasklist: there is no task to complete for a waiting reset
        assertThat(rest("GET", "/task?processInstanceId=" + reset, null)).isEqualTo(new Answer(200, "[]"));
        // ... message correlation, with persistent or transient variables, or none
        assertRefused(rest("POST", "/message", """
                {"messageName": "%s", "processInstanceId": "%s", "processVariables": %s}"""
                .formatted(PasswordResetProcess.MSG_PASSWORD_SUBMITTED, reset, secretVariables)));
        assertRefused(rest("POST", "/message", """
                {"messageName": "%s", "processInstanceId": "%s", "processVariables": %s}"""
                .formatted(PasswordResetProcess.MSG_PASSWORD_SUBMITTED, reset, transientVariables)));
        assertRefused(rest("POST", "/message", """
                {"messageName": "%s", "processInstanceId": "%s"}"""
                .formatted(PasswordResetProcess.MSG_PASSWORD_SUBMITTED, reset)));
        // ... setting or modifying variables
        assertRefused(rest("POST", "/process-instance/" + reset + "/variables", """
                {"modifications": %s}""".formatted(secretVariables)));
        assertRefused(rest("PUT", "/process-instance/" + reset + "/variables/newPassword", """
                {"value": "%s", "type": "String"}""".formatted(ADMINS_PASSWORD)));
        // ... modifying the instance to run "Set password", with the password as a variable, or skipping listeners
        assertRefused(rest("POST", "/process-instance/" + reset + "/modification", """
                {"skipCustomListeners": true, "instructions": [{"type": "startBeforeActivity",
                 "activityId": "Task_SetPassword", "variables": %s}]}""".formatted(secretVariables)));
        assertRefused(rest("POST", "/process-instance/" + reset + "/modification", """
                {"skipCustomListeners": true, "skipIoMappings": true, "instructions": [
                 {"type": "startBeforeActivity", "activityId": "Task_SetPassword"}]}"""));
        // ... starting an instance with the password, or straight at "Set password" for alice's account
        assertRefused(rest("POST", "/process-definition/key/password-reset/start", """
                {"variables": %s}""".formatted(secretVariables)));
        assertRefused(rest("POST", "/process-definition/key/password-reset/start", """
                {"variables": {"accountId": {"value": "%s", "type": "String"}},
                 "startInstructions": [{"type": "startBeforeActivity", "activityId": "Task_SetPassword"}]}"""
                .formatted(aliceId)));
        // ... restarting an ended reset at "Set password"
        assertRefused(rest("POST", "/process-definition/" + definitionId + "/restart", """
                {"processInstanceIds": ["%s"], "skipCustomListeners": true,
                 "instructions": [{"type": "startBeforeActivity", "activityId": "Task_SetPassword"}]}"""
                .formatted(endedReset)));

        // Then nothing reached the directory, the reset still waits unchanged, and the value is in no table or log
        assertThat(directory.passwordWrites()).isEqualTo(writesBefore);
        assertThat(directory.passwordMatches(aliceId, ADMINS_PASSWORD)).isFalse();
        assertThat(runtimeService.createExecutionQuery().processInstanceId(reset)
                .activityId(PasswordResetProcess.TASK_WAIT_FOR_NEW_PASSWORD).count()).isEqualTo(1);
        assertThat(runtimeService.getVariable(reset, PasswordResetProcess.VAR_FAILED_ATTEMPTS)).isNull();
        DatabaseScan.assertNoneContains(dataSource, ADMINS_PASSWORD, token);
        assertThat(output.getAll()).doesNotContain(ADMINS_PASSWORD);

        // And alice's link still works: she sets her password on the page
        String alicesPassword = "Quartz-Falcon-Ribbon-58";
        assertThat(browser.get("/reset/" + token).status()).isEqualTo(200);
        WebSession.Page done = browser.post("/reset",
                Map.of("token", token, "password", alicesPassword, "confirmPassword", alicesPassword));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.title()).isEqualTo("Your password was changed");
        assertThat(directory.passwordMatches(aliceId, alicesPassword)).isTrue();
        assertThat(directory.passwordWrites()).isEqualTo(writesBefore + 1);
    }

    private static void assertRefused(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
        assertThat(answer.body()).doesNotContain(ADMINS_PASSWORD);
    }

    private String newLink(String user) {
        awaitIdleEngine();
        mailbox.purge();
        browser.post("/request", Map.of("identifier", user));
        String token = TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], PUBLIC_BASE);
        awaitIdleEngine();
        return token;
    }

    /**
     * A password reset that has ended: bob's first reset, superseded by his second request. (Since the request
     * intake, a name that matches no account starts no reset at all.)
     */
    private String endedResetFor(String identifier) {
        long before = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).finished().count();
        browser.post("/request", Map.of("identifier", identifier));
        awaitIdleEngine();
        browser.post("/request", Map.of("identifier", identifier));
        awaitIdleEngine();
        Awaitility.await().until(() -> historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).finished().count() > before);
        return historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).finished()
                .orderByProcessInstanceEndTime().desc().list().get(0).getId();
    }

    private void awaitIdleEngine() {
        EngineJobs.awaitIdle(managementService, resetStarter);
    }

    private Answer rest(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest" + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private record Answer(int status, String body) {
    }
}

package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.EngineRest;
import org.resetflow.PasswordResetProcess;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the history keeps of a whole reset, at the shipped settings: the steps, the policy decision with its inputs
 * and outputs, and the variables an admin asks of an ended reset; not the variables that only steered it. Cockpit's
 * history endpoints answer for it as before. A step that failed leaves its incident and its failed attempts. (The same settings as EngineWorkPerResetTest, so one context serves both.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.demo.smtp-port=0", "camunda.bpm.job-execution.enabled=false",
        "resetflow.public-base-url=" + EngineWorkPerResetTest.PUBLIC_BASE,
        "resetflow.demo.admin-password=demoadmin",
        "resetflow.rate-limit.requests-per-address=100000", "resetflow.rate-limit.requests-per-identifier=100000",
        "resetflow.rate-limit.requests-per-identifier-all-networks=100000"})
class ResetHistoryTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    DemoMailbox mailbox;

    @BeforeEach
    void talkToThisContextsEngine() {
        EngineRest.useEngineOf(processEngine);
        mailbox.purge();
    }

    @Test
    void shouldKeepTheStepsTheDecisionAndTheOutcomeOfAResetButNotWhatOnlySteeredIt() throws Exception {
        // Given an account that resets its password from request to confirmation
        String userName = newAccount();
        WebSession session = new WebSession("http://localhost:" + port);
        session.get("/");
        session.post("/request", Map.of("identifier", userName));
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        String token = TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], EngineWorkPerResetTest.PUBLIC_BASE);
        session.get("/reset/" + token);
        String password = "Lantern-Orchid-Gravel-47";
        assertThat(session.post("/reset", Map.of("token", token, "password", password, "confirmPassword", password))
                .title()).isEqualTo("Your password was changed");
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        HistoricProcessInstance reset = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                .variableValueEquals(PasswordResetProcess.VAR_ACCOUNT_USER_NAME, userName).singleResult();
        assertThat(reset.getEndActivityId()).isEqualTo("EndEvent_PasswordReset");
        String id = reset.getId();

        // Then the policy decision is in the decision history, with its inputs and outputs
        assertThat(jdbc.queryForList("SELECT DEC_DEF_KEY_ FROM ACT_HI_DECINST WHERE PROC_INST_ID_ = ?", String.class,
                id)).contains("resetPolicy");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_DEC_OUT O JOIN ACT_HI_DECINST D "
                + "ON O.DEC_INST_ID_ = D.ID_ WHERE D.PROC_INST_ID_ = ? AND O.VAR_NAME_ = 'tokenLifetime'",
                Long.class, id)).isEqualTo(1);
        // ... the variables an admin asks of an ended reset are there, the ones that only steered it are not
        List<String> variables = jdbc.queryForList("SELECT NAME_ FROM ACT_HI_VARINST WHERE PROC_INST_ID_ = ?",
                String.class, id);
        assertThat(variables).contains(PasswordResetProcess.VAR_CHANNEL, PasswordResetProcess.VAR_ACCOUNT_USER_NAME,
                        PasswordResetProcess.VAR_CLIENT_ADDRESS)
                .doesNotContain(PasswordResetProcess.VAR_TOKEN_LIFETIME, PasswordResetProcess.VAR_MAX_ATTEMPTS,
                        PasswordResetProcess.VAR_RECENT_REQUESTS, PasswordResetProcess.VAR_TOKEN_EXPIRES_AT);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_DETAIL WHERE PROC_INST_ID_ = ?", Long.class, id))
                .isZero();

        // And Cockpit's history endpoints answer for it as an admin reads them
        assertThat(engineRest("/history/process-instance/" + id).path("state").asText()).isEqualTo("COMPLETED");
        assertThat(texts(engineRest("/history/activity-instance?processInstanceId=" + id), "activityId"))
                .contains("Task_DecideResetPolicy", "Task_SetPassword", "EndEvent_PasswordReset");
        assertThat(texts(engineRest("/history/decision-instance?processInstanceId=" + id
                + "&includeInputs=true&includeOutputs=true"), "decisionDefinitionKey")).contains("resetPolicy");
        assertThat(texts(engineRest("/history/variable-instance?processInstanceId=" + id), "name"))
                .contains(PasswordResetProcess.VAR_ACCOUNT_USER_NAME)
                .doesNotContain(PasswordResetProcess.VAR_TOKEN_LIFETIME);
    }

    @Test
    void shouldKeepTheIncidentAndTheFailedAttemptsOfAStepThatFailed() throws Exception {
        // Given a mail server that refuses connections (the demo's outage switch) when an account asks for a reset
        String userName = newAccount();
        WebSession session = new WebSession("http://localhost:" + port);
        session.get("/demo/directory");
        session.post("/demo/directory/outage", Map.of("service", "MAIL", "down", "true"));
        try {
            session.get("/");
            session.post("/request", Map.of("identifier", userName));
            assertThatThrownBy(() -> EngineJobs.startQueuedAndRunJobs(managementService, resetStarter))
                    .hasMessageContaining("Could not send the 'reset-link' mail");
            String id = runtimeService.createProcessInstanceQuery()
                    .processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                    .variableValueEquals(PasswordResetProcess.VAR_ACCOUNT_USER_NAME, userName).singleResult().getId();
            Job failed = managementService.createJobQuery().processInstanceId(id).withException().singleResult();
            assertThat(failed).as("the mail step's failed job").isNotNull();

            // When its retries run out (as after the model's retry cycle), then the admin retries it after the fix
            managementService.setJobRetries(failed.getId(), 0);
            session.get("/demo/directory");
            session.post("/demo/directory/outage", Map.of("service", "MAIL", "down", "false"));
            managementService.setJobRetries(failed.getId(), 1);
            managementService.executeJob(failed.getId());

            // Then the history holds the incident, resolved, and the failed attempt with its message
            assertThat(jdbc.queryForList("SELECT INCIDENT_STATE_ FROM ACT_HI_INCIDENT WHERE PROC_INST_ID_ = ?",
                    Integer.class, id)).as("incident states (1: resolved)").containsExactly(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_JOB_LOG WHERE PROCESS_INSTANCE_ID_ = ? "
                    + "AND JOB_EXCEPTION_MSG_ IS NOT NULL", Long.class, id)).isPositive();
            // ... and Cockpit's history endpoints answer with them
            assertThat(engineRest("/history/incident?processInstanceId=" + id).get(0).path("resolved").asBoolean())
                    .isTrue();
            assertThat(engineRest("/history/job-log?failureLog=true&processInstanceId=" + id)).isNotEmpty();
            assertThat(mailbox.messages()).hasSize(1);
        } finally {
            session.get("/demo/directory");
            session.post("/demo/directory/outage", Map.of("service", "MAIL", "down", "false"));
        }
    }

    private String newAccount() throws Exception {
        String userName = "hist" + UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s", "active": true,
                 "emails": [{"value": "%s@example.org", "primary": true}]}
                """.formatted(userName, userName);
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + DemoDirectory.SCIM_BASE_PATH + "/Users"))
                .header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return userName;
    }

    private JsonNode engineRest(String path) throws Exception {
        String basic = Base64.getEncoder().encodeToString("demoadmin:demoadmin".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest" + path))
                        .header("Authorization", "Basic " + basic).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(element -> values.add(element.path(field).asText()));
        return values;
    }
}

package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.camunda.bpm.engine.history.HistoricProcessInstance;
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
 * history endpoints answer for it as before. (The same settings as EngineWorkPerResetTest, so one context serves both.)
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
                .doesNotContain(PasswordResetProcess.VAR_TOKEN_LIFETIME, PasswordResetProcess.VAR_ACCOUNT_ELIGIBLE,
                        PasswordResetProcess.VAR_PRIVILEGED_GROUP, PasswordResetProcess.VAR_TOKEN_EXPIRES_AT);
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

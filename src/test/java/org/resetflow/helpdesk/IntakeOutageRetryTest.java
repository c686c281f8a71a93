package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineRest;
import org.resetflow.WebSession;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A directory outage during a flood is one incident, on the batch, not one per request: the demo directory's outage
 * switch makes it answer 503, the batch's "Look up accounts" fails, demoadmin uses up its retries with the REST call
 * the README shows and sees one incident; after the fix demoadmin retries it as Cockpit's Retry does, and the mails
 * arrive. The starter runs once at start-up here and then by hand, so the three requests are one batch.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.demo.helpdesk-password=demohelpdesk", "resetflow.demo.owner-password=demoowner",
        "resetflow.demo.admin-password=demoadmin", "resetflow.request.starter-interval=1h"})
class IntakeOutageRetryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    DemoMailbox mailbox;

    private WebSession page;
    private DemoUsersRest rest;

    @BeforeEach
    void setUp() {
        EngineRest.useEngineOf(processEngine);
        page = new WebSession("http://127.0.0.1:" + port);
        rest = new DemoUsersRest(port);
        mailbox.purge();
    }

    @AfterEach
    void directoryBack() {
        switchDirectoryOutage(false);
    }

    @Test
    void shouldMakeADirectoryOutageOneIncidentOnTheBatchThatAnAdminRetriesAfterTheFix() {
        // Given the demo directory is down (its outage switch), and alice, bob and an unknown name ask for a reset
        switchDirectoryOutage(true);
        for (String identifier : List.of("alice", "bob", "nobody-at-all")) {
            assertThat(page.get("/").status()).isEqualTo(200);
            assertThat(page.post("/request", Map.of("identifier", identifier)).status()).isEqualTo(200);
        }

        // When the starter takes the inbox
        List<String> batches = resetStarter.startQueued();

        // Then the three requests are one batch, whose look-up fails on the outage, and no reset has started
        assertThat(batches).as("intake instances for the three requests").hasSize(1);
        String batch = batches.get(0);
        Job lookUp = Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(
                () -> managementService.createJobQuery().processInstanceId(batch).withException().singleResult(),
                job -> job != null && job.getExceptionMessage().contains("503"));
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey("password-reset").count())
                .isZero();

        // When demoadmin uses up its retries with the REST call the README shows (instead of waiting for them)
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
                rest.call("demoadmin", "PUT", "/job/" + lookUp.getId() + "/retries", "{\"retries\":0}").status()
                        == 204 && runtimeService.createIncidentQuery().count() == 1);

        // Then the outage is one incident, on the batch's "Look up accounts", saying what failed
        Incident incident = runtimeService.createIncidentQuery().singleResult();
        assertThat(incident.getProcessInstanceId()).isEqualTo(batch);
        assertThat(incident.getActivityId()).isEqualTo("Task_LookUpAccounts");
        assertThat(incident.getIncidentMessage()).contains("503").doesNotContain("alice", "nobody-at-all");

        // When the directory is back and demoadmin retries the job, as Cockpit's Retry does
        switchDirectoryOutage(false);
        assertThat(rest.call("demoadmin", "PUT", "/job/" + lookUp.getId() + "/retries", "{\"retries\":1}")
                .status()).isEqualTo(204);

        // Then alice and bob get their mails, the unknown name nothing, and the incident is gone
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(mailbox.messages()).extracting(IntakeOutageRetryTest::recipient)
                        .containsExactlyInAnyOrder("alice@example.org", "bob@example.org"));
        assertThat(runtimeService.createIncidentQuery().count()).isZero();
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(batch).count())
                .as("the batch's intake, ended").isZero();
    }

    private void switchDirectoryOutage(boolean down) {
        assertThat(page.get("/demo/directory").status()).isEqualTo(200);
        assertThat(page.post("/demo/directory/outage", Map.of("service", "DIRECTORY", "down", String.valueOf(down)))
                .status()).isLessThan(400);
    }

    private static String recipient(MimeMessage mail) {
        try {
            return mail.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}

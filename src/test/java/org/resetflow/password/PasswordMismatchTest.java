package org.resetflow.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.resetflow.PasswordResetProcess.TASK_WAIT_FOR_NEW_PASSWORD;
import static org.resetflow.PasswordResetProcess.VAR_FAILED_ATTEMPTS;

import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Execution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Two fields that differ are a typing slip, not a guess: the page compares them before anything reaches the engine,
 * so the attempts a link allows are spent only on passwords the rules or the directory refuse.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + PasswordMismatchTest.PUBLIC_BASE,
        "camunda.bpm.job-execution.enabled=false",
        "camunda.bpm.process-engine-name=passwordMismatch"})
class PasswordMismatchTest {

    static final String PUBLIC_BASE = "https://reset.example.test";
    private static final String STRONG = "Velvet-Harbor-Quietly-92";

    @LocalServerPort
    int port;
    @Autowired
    DemoDirectory demoDirectory;
    @Autowired
    DemoMailbox mailbox;
    @Autowired
    ManagementService managementService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ResetStarter resetStarter;

    WebSession browser;

    @BeforeEach
    void freshState() {
        demoDirectory.reset();
        // An earlier test's confirmation mail is a job still due (no job executor here): send it before the purge.
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        mailbox.purge();
        browser = new WebSession("http://localhost:" + port);
    }

    @Test
    void shouldNotCountAMistypedConfirmationAsAnAttempt() {
        // Given alice's open link, which allows five refused passwords
        String token = requestLinkFor("alice");
        String reset = waitingReset();
        int writes = demoDirectory.passwordWrites();

        // When she mistypes only the confirmation
        WebSession.Page mismatch = browser.post("/reset",
                Map.of("token", token, "password", STRONG, "confirmPassword", STRONG + "x"));

        // Then the form says the two differ, and she still has every attempt
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.document().select("#rejection").text())
                .contains("The two passwords are not the same.")
                .contains("Attempts left with this link: 5.");
        assertThat(runtimeService.getVariable(reset, VAR_FAILED_ATTEMPTS)).as(VAR_FAILED_ATTEMPTS).isIn(null, 0);
        assertThat(demoDirectory.passwordWrites()).isEqualTo(writes);
        // And the link still waits for her password
        assertThat(waitingReset()).isEqualTo(reset);

        // When she then submits a password the rules refuse
        WebSession.Page weak = browser.post("/reset",
                Map.of("token", token, "password", "password1", "confirmPassword", "password1"));

        // Then that one counts
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.document().select("#rejection").text()).contains("Attempts left with this link: 4.");
        assertThat(runtimeService.getVariable(reset, VAR_FAILED_ATTEMPTS)).as(VAR_FAILED_ATTEMPTS).isEqualTo(1);

        // When she types the same strong password twice
        WebSession.Page done = browser.post("/reset",
                Map.of("token", token, "password", STRONG, "confirmPassword", STRONG));

        // Then it is set
        assertThat(done.status()).isEqualTo(200);
        assertThat(demoDirectory.passwordWrites()).isEqualTo(writes + 1);
    }

    @Test
    void shouldNeverEndAResetForMismatchesAlone() {
        // Given bob's open link, which allows five refused passwords
        String token = requestLinkFor("bob");
        String reset = waitingReset();

        // When he mistypes the confirmation more often than that
        for (int i = 0; i < 6; i++) {
            WebSession.Page mismatch = browser.post("/reset",
                    Map.of("token", token, "password", STRONG, "confirmPassword", STRONG + i));
            assertThat(mismatch.status()).as("mismatch " + (i + 1)).isEqualTo(422);
        }

        // Then the link still waits for him, and a matching pair sets the password
        assertThat(waitingReset()).isEqualTo(reset);
        assertThat(browser.post("/reset", Map.of("token", token, "password", STRONG, "confirmPassword", STRONG))
                .status()).isEqualTo(200);
    }

    private String waitingReset() {
        Execution waiting = runtimeService.createExecutionQuery().activityId(TASK_WAIT_FOR_NEW_PASSWORD).singleResult();
        assertThat(waiting).as("a reset waiting for its password").isNotNull();
        return waiting.getProcessInstanceId();
    }

    private String requestLinkFor(String identifier) {
        browser.get("/");
        assertThat(browser.post("/request", Map.of("identifier", identifier)).status()).isEqualTo(200);
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        return TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], PUBLIC_BASE);
    }
}

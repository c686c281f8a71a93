package org.resetflow.demo;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.resetflow.ResetFlowApplication;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;

import org.resetflow.EngineJobs;
import org.resetflow.request.ResetStarter;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One reset through the public pages per vendor dialect, in demo mode: no directory configured, only
 * {@code resetflow.scim.dialect}, so the client sends that vendor's requests and the demo directory answers them.
 * What a user sees must not depend on the dialect, and the demo directory must end up holding the new password
 * with nothing else lost.
 */
class DemoDialectJourneyTest {

    private static final String PUBLIC_BASE = "https://reset.example.org";

    private static final String STRONG = "Velvet-Harbor-Quietly-92";

    /** Alice's password before the reset, in the ping journey, where the directory refuses to take it again. */
    private static final String CURRENT = "Amber-Lantern-Orchard-57";

    @ParameterizedTest
    @EnumSource(value = DemoDialect.class, names = { "GLUU", "ORACLE", "PING", "AUTO" })
    void shouldResetThroughThePagesInDemoMode(DemoDialect dialect) {
        try (ConfigurableApplicationContext app = start(dialect)) {
            DemoMailbox mailbox = app.getBean(DemoMailbox.class);
            String root = "http://127.0.0.1" + ":" + app.getEnvironment().getRequiredProperty("local.server.port");
            DemoDirectory directory = app.getBean(DemoDirectory.class);
            JsonNode before = DemoScimHttp.json(new DemoScimHttp(root).get("/Users/" + DemoDirectory.ALICE_ID));
            if (dialect == DemoDialect.PING) {
                givenAlicesCurrentPassword(root);
            }

            // Given alice asks for a reset on the public page
            WebSession browser = new WebSession(root);
            assertThat(browser.get("/").status()).isEqualTo(200);
            assertThat(browser.post("/request", Map.of("identifier", "alice")).status()).isEqualTo(200);

            // When the process's jobs run (look-up, token and mail)
            EngineJobs.startQueuedAndRunJobs(app.getBean(ManagementService.class), app.getBean(ResetStarter.class));

            // Then her link opens the password page
            String token = TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], PUBLIC_BASE);
            WebSession.Page form = browser.get("/reset/" + token);
            assertThat(form.status()).isEqualTo(200);
            if (dialect == DemoDialect.PING) {
                // Ping's rules come from the demo directory and are shown; the directory enforces them
                assertThat(form.document().select("#directory-rules li").eachText()).containsExactly(
                        DemoPasswordPolicy.MIN_LENGTH_DESCRIPTION, DemoPasswordPolicy.NOT_CURRENT_PASSWORD);
                WebSession.Page refused = browser.post("/reset",
                        Map.of("token", token, "password", CURRENT, "confirmPassword", CURRENT));
                assertThat(refused.status()).isEqualTo(422);
                assertThat(refused.body()).contains(DemoPasswordPolicy.NOT_CURRENT_PASSWORD).doesNotContain(CURRENT);
            }

            // When she submits a new password
            WebSession.Page done = browser.post("/reset",
                    Map.of("token", token, "password", STRONG, "confirmPassword", STRONG));

            // Then the reset is done, the demo directory holds the password, and none of her attributes was lost
            assertThat(done.status()).isEqualTo(200);
            assertThat(directory.passwordMatches(DemoDirectory.ALICE_ID, STRONG)).isTrue();
            JsonNode after = DemoScimHttp.json(new DemoScimHttp(root).get("/Users/" + DemoDirectory.ALICE_ID));
            for (String attribute : new String[] { "userName", "name", "displayName", "emails", "active" }) {
                assertThat(after.path(attribute)).as(attribute).isEqualTo(before.path(attribute));
            }
        }
    }

    /** Ping only: gives alice a password through the directory's own password sub-resource. */
    private static void givenAlicesCurrentPassword(String root) {
        HttpResponse<String> set = new DemoScimHttp(root).send("PUT", "/Users/" + DemoDirectory.ALICE_ID + "/password",
                "application/scim+json", "{\"schemas\": [\"" + DemoPingController.PASSWORD_UPDATE_SCHEMA
                        + "\"], \"newPassword\": \"" + CURRENT + "\"}");
        assertThat(set.statusCode()).isEqualTo(200);
    }

    private static ConfigurableApplicationContext start(DemoDialect dialect) {
        String name = dialect.propertyValue();
        // Command-line arguments, so they win over application.yaml as real configuration would. Neither
        // resetflow.scim.base-url nor spring.mail.host: demo mode, with the demo directory and the demo mail server.
        return new SpringApplicationBuilder(ResetFlowApplication.class).run(
                "--server.port=0",
                "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.process-engine-name=demoJourney" + name,  // no hyphen: Camunda would ignore the name
                "--spring.datasource.url=jdbc:h2:mem:demo-journey-" + name
                        + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000",
                "--resetflow.public-base-url=" + PUBLIC_BASE,
                "--resetflow.scim.dialect=" + name);
    }

}

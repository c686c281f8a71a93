package org.resetflow.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

/**
 * One reset per dialect through the public pages, with the application started as configured for that dialect:
 * request, mail, link, a password the directory refuses (back on the page with its reason), then one it takes. The
 * directory is a {@link VendorFake} speaking the dialect's wire format.
 */
class DialectJourneyTest {

    private static final Pattern LINK = Pattern.compile("https://reset\\.example\\.org/reset/([A-Za-z0-9_-]{43})");
    private static final String STRONG = "Velvet-Harbor-Quietly-92";
    private static final String BASE = "/scim/v2";

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldResetThroughThePages(ScimProperties.Dialect dialect) throws Exception {
        VendorFake fake = new VendorFake(dialect, BASE);
        try (StubDirectory directory = new StubDirectory().route(fake);
             ConfigurableApplicationContext app = start(dialect, directory)) {
            TestSmtp.purge();
            int port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));

            // Given alice asks for a reset on the public page
            WebSession browser = new WebSession("http://127.0.0.1:" + port);
            assertThat(browser.get("/").status()).isEqualTo(200);
            assertThat(browser.post("/request", Map.of("identifier", "alice")).status()).isEqualTo(200);

            // When the process's jobs run (lookup, token and mail)
            EngineJobs.startQueuedAndRunJobs(app.getBean(ManagementService.class), app.getBean(ResetStarter.class));

            // Then her link opens the password page
            String token = tokenFromMail();
            WebSession.Page form = browser.get("/reset/" + token);
            assertThat(form.status()).isEqualTo(200);
            if (dialect == ScimProperties.Dialect.PING) {
                // Ping's own rules are shown, and its length rule is enforced before the directory is called
                assertThat(form.document().select("#directory-rules li").eachText()).containsExactly(
                        "The password must contain at least 20 characters.",
                        "The new password must not be the same as the current password.");
                String shortButStrong = "Velvet-Harbor-Q-92";
                WebSession.Page tooShort = browser.post("/reset",
                        Map.of("token", token, "password", shortButStrong, "confirmPassword", shortButStrong));
                assertThat(tooShort.status()).isEqualTo(422);
                assertThat(tooShort.document().select("#rejection").text())
                        .contains("The password must contain at least 20 characters.");
                assertThat(fake.passwords).isEmpty();
            }

            // When she submits a password the directory's policy refuses
            String refused = "Velvet-" + VendorFake.REFUSED_MARKER + "-Quietly-92";
            WebSession.Page rejected = browser.post("/reset",
                    Map.of("token", token, "password", refused, "confirmPassword", refused));

            // Then she is back on the page with the directory's own reason, and the password is not echoed
            assertThat(rejected.status()).isEqualTo(422);
            assertThat(rejected.body()).contains(dialect == ScimProperties.Dialect.ORACLE
                    ? "Invalid Password: does not meet password policy" : "Password was used before")
                    .doesNotContain(refused);

            // When she submits one it takes
            WebSession.Page done = browser.post("/reset",
                    Map.of("token", token, "password", STRONG, "confirmPassword", STRONG));

            // Then the directory has it, written in this dialect's way
            assertThat(done.status()).isEqualTo(200);
            assertThat(fake.passwords).containsEntry(VendorFake.ALICE_ID, STRONG);
        }
    }

    private static ConfigurableApplicationContext start(ScimProperties.Dialect dialect, StubDirectory directory) {
        String name = dialect.name().toLowerCase();
        // Command-line arguments, so they win over application.yaml as real configuration would
        return new SpringApplicationBuilder(ResetFlowApplication.class).run(
                "--server.port=0",
                "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.process-engine-name=journey" + name,  // no hyphen: Camunda would ignore the name
                "--spring.datasource.url=jdbc:h2:mem:journey-" + name
                        + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + TestSmtp.server().getSmtp().getPort(),
                "--resetflow.public-base-url=https://reset.example.org",
                "--resetflow.scim.base-url=" + directory.root() + BASE,
                "--resetflow.scim.dialect=" + name,
                "--resetflow.scim.auth.type=bearer",
                "--resetflow.scim.auth.token=journey-token");
    }

    private static String tokenFromMail() {
        var messages = TestSmtp.server().getReceivedMessages();
        assertThat(messages).hasSize(1);
        Matcher matcher = LINK.matcher(GreenMailUtil.getBody(messages[0]));
        assertThat(matcher.find()).as("reset link in the mail").isTrue();
        return matcher.group(1);
    }

}

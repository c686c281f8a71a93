package org.resetflow.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryException;
import org.resetflow.EngineJobs;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The password form looks the same however often it is shown: after a rejected password (422) and after "try again
 * in a moment" (503) it holds the same local rules, the directory's own rules, the same hints and the user name for
 * password managers as when the link first opened it; only the reason comes on top. Demo mode in the {@code ping}
 * dialect, whose demo directory has rules of its own ({@code passwordQualityRequirements}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.scim.dialect=ping",
        "resetflow.public-base-url=" + PasswordFormAfterRejectionTest.PUBLIC_BASE,
        "camunda.bpm.job-execution.enabled=false",
        // Its own engine name (no hyphen, or Camunda ignores it): /engine-rest finds "default" in a JVM-wide registry,
        // and this context's engine would replace that of a cached context whose REST test runs later.
        "camunda.bpm.process-engine-name=passwordFormAfterRejection",
        "resetflow.rate-limit.requests-per-identifier=100"})
class PasswordFormAfterRejectionTest {

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
    ResetStarter resetStarter;
    /** The real Ping client against the demo directory; a test may make its password write fail. */
    @MockitoSpyBean
    Directory directory;

    WebSession browser;

    @BeforeEach
    void freshState() {
        demoDirectory.reset();
        mailbox.purge();
        browser = new WebSession("http://localhost:" + port);
    }

    /** What the form shows besides the reason: every rule and hint, and the user name for password managers. */
    record ShownForm(List<String> rules, List<String> directoryRules, String forAccount, String userNameField,
                     String minLength, String maxLength) {

        static ShownForm of(WebSession.Page page) {
            Document document = page.document();
            return new ShownForm(
                    document.select("section.rules > ul > li").eachText(),
                    document.select("#directory-rules li").eachText(),
                    document.select("main > p").text(),
                    document.select("form input[name=username]").attr("value"),
                    document.select("input#password").attr("minlength"),
                    document.select("input#password").attr("maxlength"));
        }
    }

    @Test
    void shouldShowTheSameRulesAndUserNameAfterAWeakPassword() {
        // Given alice opened her link, and the form showed the local rules and the directory's rules
        String token = requestLinkFor("alice");
        ShownForm first = ShownForm.of(open(token));
        assertThat(first.rules()).hasSize(3);
        assertThat(first.directoryRules()).hasSize(2);
        assertThat(first.userNameField()).isEqualTo("alice");

        // When she submits a password too easy to guess
        WebSession.Page rejected = submit(token, "password1");

        // Then the form comes back with the reason, and with everything the first one showed
        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.document().select("#rejection").text()).contains("Attempts left with this link: 4.");
        assertThat(ShownForm.of(rejected)).isEqualTo(first);
    }

    @Test
    void shouldShowTheSameRulesAndUserNameAfterTheDirectoryRefusedThePassword() {
        // Given alice's current password, which Ping's rules forbid as the new one, and her open link
        String current = "Amber-Lantern-Orchard-57";
        directory.setPassword(demoDirectory.idOf("alice").orElseThrow(), current);
        String token = requestLinkFor("alice");
        ShownForm first = ShownForm.of(open(token));

        // When she submits it
        WebSession.Page refused = submit(token, current);

        // Then the form comes back with the directory's reason, and with everything the first one showed
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.document().select("#rejection").text())
                .contains("The new password must not be the same as the current password.");
        assertThat(ShownForm.of(refused)).isEqualTo(first);
    }

    @Test
    void shouldShowTheSameRulesAndUserNameWhenTheDirectoryIsUnavailable() {
        // Given alice's open link, and a directory that fails to take passwords
        String token = requestLinkFor("alice");
        ShownForm first = ShownForm.of(open(token));
        doThrow(new DirectoryException("Directory demo failed to set password: HTTP 503 after 3 attempts", 503))
                .when(directory).setPassword(anyString(), anyString());

        // When she submits a good password
        WebSession.Page unavailable = submit(token, STRONG);

        // Then she is asked to try again, on a form with everything the first one showed
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.document().select("#unavailable")).hasSize(1);
        assertThat(ShownForm.of(unavailable)).isEqualTo(first);
    }

    private String requestLinkFor(String identifier) {
        browser.get("/");
        assertThat(browser.post("/request", Map.of("identifier", identifier)).status()).isEqualTo(200);
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        return TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], PUBLIC_BASE);
    }

    private WebSession.Page open(String token) {
        WebSession.Page form = browser.get("/reset/" + token);
        assertThat(form.status()).isEqualTo(200);
        return form;
    }

    private WebSession.Page submit(String token, String password) {
        return browser.post("/reset", Map.of("token", token, "password", password, "confirmPassword", password));
    }
}

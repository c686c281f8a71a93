package org.resetflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.ResetFlowApplication;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code resetflow.demo.directory=ldap}: the demo with an LDAP directory instead of the SCIM one, as a newcomer starts
 * it. One whole reset through the public pages lands in the embedded LDAP server, a disabled account gets no mail,
 * and {@code /demo/directory} shows the LDAP server's users.
 */
class DemoLdapJourneyTest {

    private static final String PUBLIC_BASE = "https://reset.example.org";
    private static final String STRONG = "Velvet-Harbor-Quietly-92";

    @Test
    void shouldResetAlicesPasswordInTheEmbeddedLdapDirectory() throws LDAPException {
        try (ConfigurableApplicationContext app = start()) {
            DemoMailbox mailbox = app.getBean(DemoMailbox.class);
            DemoLdapServer ldap = app.getBean(DemoLdapServer.class);
            String root = "http://127.0.0.1:" + app.getEnvironment().getRequiredProperty("local.server.port");
            assertThat(app.getBean(Directory.class).getClass().getSimpleName()).isEqualTo("OpenLdapDirectory");

            // Given alice and carol (disabled) ask for a reset on the public page
            WebSession browser = new WebSession(root);
            assertThat(browser.get("/").status()).isEqualTo(200);
            assertThat(browser.post("/request", Map.of("identifier", "alice")).status()).isEqualTo(200);
            assertThat(browser.post("/request", Map.of("identifier", "carol")).status()).isEqualTo(200);

            // When the process's jobs run (look-up, token and mail)
            EngineJobs.startQueuedAndRunJobs(app.getBean(ManagementService.class), app.getBean(ResetStarter.class));

            // Then only alice gets a mail, and her link opens the password page
            String token = TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], PUBLIC_BASE);
            assertThat(mailbox.messages()).hasSize(1);
            assertThat(browser.get("/reset/" + token).status()).isEqualTo(200);

            // When she submits a new password
            WebSession.Page done = browser.post("/reset",
                    Map.of("token", token, "password", STRONG, "confirmPassword", STRONG));

            // Then the reset is done, and she binds to the LDAP directory with it
            assertThat(done.status()).isEqualTo(200);
            try (LDAPConnection connection = new LDAPConnection("127.0.0.1", ldap.port())) {
                assertThat(connection.bind("uid=alice," + DemoLdapServer.PEOPLE, STRONG).getResultCode())
                        .isEqualTo(ResultCode.SUCCESS);
            }

            // And the demo directory page shows the LDAP server's users, alice's password changed, carol inactive
            WebSession.Page page = browser.get("/demo/directory");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.document().select("#ldap code").text()).isEqualTo("ldap://127.0.0.1:" + ldap.port());
            assertThat(page.body()).doesNotContain(STRONG).doesNotContain(ldap.bindPassword());
            assertThat(ldap.entries()).filteredOn(entry -> entry.userName().equals("alice")).singleElement()
                    .satisfies(alice -> assertThat(alice.passwordChangedAt()).isNotNull());
            assertThat(ldap.entries()).filteredOn(entry -> entry.userName().equals("carol")).singleElement()
                    .satisfies(carol -> assertThat(carol.active()).isFalse());
        }
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ResetFlowApplication.class).run(
                "--server.port=0",
                "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.process-engine-name=demoLdapJourney",
                "--spring.datasource.url=jdbc:h2:mem:demo-ldap-journey;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
                "--resetflow.public-base-url=" + PUBLIC_BASE,
                "--resetflow.demo.directory=ldap");
    }
}

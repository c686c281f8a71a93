package org.resetflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.resetflow.DatabaseScan;
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

    @Test
    void shouldUnlockFranksLockedAccountThroughThePublicPagesAndLeaveThePrivilegedGraceLocked() throws Exception {
        try (ConfigurableApplicationContext app = start("demoLdapUnlock")) {
            DemoMailbox mailbox = app.getBean(DemoMailbox.class);
            DemoLdapServer ldap = app.getBean(DemoLdapServer.class);
            ManagementService jobs = app.getBean(ManagementService.class);
            ResetStarter starter = app.getBean(ResetStarter.class);
            String root = "http://127.0.0.1:" + app.getEnvironment().getRequiredProperty("local.server.port");
            String franksPassword = attribute(ldap, "frank", "userPassword");
            assertThat(attribute(ldap, "frank", "pwdAccountLockedTime")).isNotNull();

            // Given the request page offers the unlock beside the reset, the reset chosen
            WebSession browser = new WebSession(root);
            WebSession.Page form = browser.get("/");
            assertThat(form.document().select("input[name=purpose][value=reset]").hasAttr("checked")).isTrue();
            assertThat(form.document().select("input[name=purpose][value=unlock]")).hasSize(1);
            assertThat(form.document().select("fieldset.purpose").text())
                    .contains("I forgot my password").contains("My account is locked and I know my password");

            // When frank (locked), grace (locked, privileged) and a name nobody has ask for an unlock, and alice
            // for a reset with a purpose the page does not know
            WebSession.Page frank = browser.post("/request", Map.of("identifier", "frank", "purpose", "unlock"));
            WebSession.Page grace = browser.post("/request", Map.of("identifier", "grace", "purpose", "unlock"));
            WebSession.Page nobody = browser.post("/request",
                    Map.of("identifier", "nobody-unlock-7", "purpose", "unlock"));
            WebSession.Page alice = browser.post("/request", Map.of("identifier", "alice", "purpose", "bogus"));

            // Then every answer is the same neutral page
            assertThat(frank.status()).isEqualTo(200);
            assertThat(frank.title()).isEqualTo("Check your mail");
            assertThat(List.of(grace.body(), nobody.body(), alice.body())).allMatch(frank.body()::equals);

            // When the jobs run
            EngineJobs.startQueuedAndRunJobs(jobs, starter);

            // Then frank gets an unlock link, grace a mail that sends her to the helpdesk, alice a reset link
            List<MimeMessage> mails = List.of(TestSmtp.awaitMessages(mailbox, 3));
            assertThat(mails).hasSize(3);
            MimeMessage franksMail = to(mails, "frank@example.org");
            assertThat(franksMail.getSubject()).isEqualTo("Unlock your account");
            MimeMessage gracesMail = to(mails, "grace@example.org");
            assertThat(gracesMail.getSubject()).isEqualTo("Your account cannot be unlocked here");
            assertThat(TestSmtp.text(gracesMail)).doesNotContain(PUBLIC_BASE + "/reset/");
            MimeMessage alicesMail = to(mails, "alice@example.org");
            assertThat(alicesMail.getSubject()).isEqualTo("Reset your password");
            String token = TestSmtp.resetToken(franksMail, PUBLIC_BASE);
            String alicesToken = TestSmtp.resetToken(alicesMail, PUBLIC_BASE);

            // When frank opens his link (as a mail scanner would too)
            WebSession.Page unlockPage = browser.get("/reset/" + token);

            // Then he sees one button, and nothing is unlocked yet
            assertThat(unlockPage.status()).isEqualTo(200);
            assertThat(unlockPage.title()).isEqualTo("Unlock your account");
            assertThat(unlockPage.document().select("form#unlock-form").attr("action"))
                    .isEqualTo("/reset/" + token + "/unlock");
            assertThat(attribute(ldap, "frank", "pwdAccountLockedTime")).isNotNull();

            // When a password is posted to his unlock link, and an unlock to alice's password link
            WebSession.Page passwordToUnlock = browser.post("/reset",
                    Map.of("token", token, "password", STRONG, "confirmPassword", STRONG));
            WebSession.Page unlockToPassword = browser.post("/reset/" + alicesToken + "/unlock", Map.of());

            // Then neither changes anything: each link shows its own page again
            assertThat(passwordToUnlock.title()).isEqualTo("Unlock your account");
            assertThat(unlockToPassword.title()).isEqualTo("Choose a new password");
            assertThat(attribute(ldap, "frank", "pwdAccountLockedTime")).isNotNull();
            assertThat(attribute(ldap, "frank", "userPassword")).isEqualTo(franksPassword);
            assertThat(browser.get("/reset/" + alicesToken).title()).isEqualTo("Choose a new password");

            // When frank presses the button
            WebSession.Page unlocked = browser.post("/reset/" + token + "/unlock", Map.of());

            // Then his account is unlocked, with the password he knows, and the link is used up
            assertThat(unlocked.status()).isEqualTo(200);
            assertThat(unlocked.title()).isEqualTo("Your account is unlocked");
            assertThat(attribute(ldap, "frank", "pwdAccountLockedTime")).isNull();
            assertThat(attribute(ldap, "frank", "userPassword")).isEqualTo(franksPassword);
            assertThat(browser.post("/reset/" + token + "/unlock", Map.of()).status()).isEqualTo(410);
            assertThat(browser.get("/reset/" + token).title()).isEqualTo("This link is no longer valid");

            // And the confirmation follows; grace stays locked
            EngineJobs.startQueuedAndRunJobs(jobs, starter);
            List<MimeMessage> after = List.of(TestSmtp.awaitMessages(mailbox, 4));
            assertThat(after).hasSize(4);
            MimeMessage confirmation = after.get(3);
            assertThat(confirmation.getSubject()).isEqualTo("Your account was unlocked");
            assertThat(confirmation.getAllRecipients()[0].toString()).isEqualTo("frank@example.org");
            assertThat(TestSmtp.text(confirmation)).contains("its password was not changed").doesNotContain(token);
            assertThat(attribute(ldap, "grace", "pwdAccountLockedTime")).isNotNull();

            // And no link and no typed name is stored anywhere
            DatabaseScan.assertNoneContains(app.getBean(DataSource.class), token, "nobody-unlock-7");
        }
    }

    /** An attribute of a demo user as the LDAP server holds it, read as the service account. */
    private static String attribute(DemoLdapServer ldap, String uid, String name) throws LDAPException {
        try (LDAPConnection connection = new LDAPConnection("127.0.0.1", ldap.port(), ldap.bindDn(),
                ldap.bindPassword())) {
            SearchResultEntry entry = connection.getEntry("uid=" + uid + "," + DemoLdapServer.PEOPLE, name);
            assertThat(entry).as("uid=%s in the demo LDAP directory", uid).isNotNull();
            return entry.getAttributeValue(name);
        }
    }

    private static MimeMessage to(List<MimeMessage> mails, String address) {
        return mails.stream().filter(mail -> {
            try {
                return mail.getAllRecipients()[0].toString().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError(e);
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no mail to " + address + " among " + mails.size()));
    }

    private static ConfigurableApplicationContext start() {
        return start("demoLdapJourney");
    }

    private static ConfigurableApplicationContext start(String name) {
        return new SpringApplicationBuilder(ResetFlowApplication.class).run(
                "--server.port=0",
                // Not the fixed management port: another test JVM on this machine may hold it.
                "--management.server.port=0",
                "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.process-engine-name=" + name,
                "--spring.datasource.url=jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
                "--resetflow.public-base-url=" + PUBLIC_BASE,
                "--resetflow.demo.directory=ldap");
    }
}

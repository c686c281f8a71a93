package org.resetflow.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.resetflow.ldap.LdapJourneyApp.ADMIN;
import static org.resetflow.ldap.LdapJourneyApp.HELPDESK;
import static org.resetflow.ldap.LdapJourneyApp.ask;
import static org.resetflow.ldap.LdapJourneyApp.link;
import static org.resetflow.ldap.LdapJourneyApp.mail;
import static org.resetflow.ldap.LdapJourneyApp.mails;
import static org.resetflow.ldap.LdapJourneyApp.mailsTo;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import java.io.File;
import java.security.GeneralSecurityException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.helpdesk.AccountActivationProcess;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The whole application against a Samba AD domain controller ({@code src/test/ldap/samba-ad.sh}) over LDAPS, configured
 * as an operator would ({@code resetflow.ldap.dialect=active-directory}), through the public pages, the process's
 * jobs, the helpdesk's REST calls and the mails as GreenMail received them. What counts is what Samba holds
 * afterwards: who can bind with which password, who is locked or disabled. Each scenario has accounts of its own.
 * Samba, like AD, still takes an account's previous password for a while after a reset, so only the new password's
 * bind tells that a write landed.
 */
@ExtendWith(OutputCaptureExtension.class)
class ActiveDirectoryJourneyTest {

    private static final String USERS = "CN=Users,DC=resetflow,DC=test";
    private static final String STRONG = "Velvet-Harbor-Quietly-92";
    private static final String LONGER = "Velvet-Harbor-Quietly-Granite-Orchid-92";

    private static LdapTestServer server;
    private static LdapJourneyApp app;

    @BeforeAll
    static void startServerAndApplication() {
        server = LdapTestServer.sambaAd();
        app = LdapJourneyApp.start("activeDirectoryJourney",
                "--resetflow.ldap.url=ldaps://127.0.0.1:636",
                "--resetflow.ldap.dialect=active-directory",
                "--resetflow.ldap.ca-file=" + server.caFile(),
                "--resetflow.ldap.base-dn=" + USERS,
                "--resetflow.ldap.bind-dn=CN=resetflow-svc," + USERS,
                "--resetflow.ldap.bind-password=" + LdapTestServer.SERVICE_PASSWORD);
    }

    @AfterAll
    static void stopApplication() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void emptyTheMailboxes() {
        TestSmtp.purge();
    }

    @Test
    void shouldResetAPasswordFromTheRequestPageToTheConfirmationMail(CapturedOutput output) throws Exception {
        // Given hugo asks for a reset on the public page
        WebSession hugo = app.visitor();
        assertThat(ask(hugo, "hugo", "reset").status()).isEqualTo(200);

        // When the process's jobs run (intake, token, mail)
        app.runJobs();

        // Then he gets the link mail, and the link opens the password form
        String token = link(mail("hugo@resetflow.test", "Reset your password"));
        assertThat(hugo.get("/reset/" + token).status()).isEqualTo(200);

        // When he chooses a new password
        WebSession.Page done = hugo.post("/reset", Map.of("token", token, "password", STRONG,
                "confirmPassword", STRONG));

        // Then the domain has it (unicodePwd over LDAPS): he binds with it
        assertThat(done.status()).isEqualTo(200);
        assertThat(binds("hugo", STRONG)).isEqualTo(ResultCode.SUCCESS);

        // And he is told by mail that his password was changed
        app.runJobs();
        mail("hugo@resetflow.test", "Your password was changed");

        // And neither his password, nor his link, nor the service account's password reached the log (which holds the
        // application's lines of this scenario)
        assertThat(output.getAll()).contains("POST /reset 200")
                .doesNotContain(STRONG, token, LdapTestServer.SERVICE_PASSWORD);
    }

    @Test
    void shouldShowTheDomainsReasonOnThePageAndKeepTheLinkUsable(CapturedOutput output) throws Exception {
        // Given irene, whose fine-grained password policy asks for 30 characters, has her link open
        WebSession irene = app.visitor();
        ask(irene, "irene", "reset");
        app.runJobs();
        String token = link(mail("irene@resetflow.test", "Reset your password"));

        // When she submits a password the page takes but her policy finds too short
        WebSession.Page tooShort = irene.post("/reset", Map.of("token", token, "password", STRONG,
                "confirmPassword", STRONG));

        // Then she is back on the form with the domain's reason (check_password_restrictions), and the password is not
        // echoed
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.document().select("#rejection .directory-text").text())
                .startsWith("The password is too short").contains("30");
        assertThat(tooShort.body()).doesNotContain(STRONG);
        assertThat(binds("irene", STRONG)).isEqualTo(ResultCode.INVALID_CREDENTIALS);

        // When she submits a long enough one with the same link
        WebSession.Page done = irene.post("/reset", Map.of("token", token, "password", LONGER,
                "confirmPassword", LONGER));

        // Then it is set
        assertThat(done.status()).isEqualTo(200);
        assertThat(binds("irene", LONGER)).isEqualTo(ResultCode.SUCCESS);

        // And none of her passwords reached the log
        assertThat(output.getAll()).doesNotContain(STRONG, LONGER);
    }

    @Test
    void shouldSendNoMailForADisabledAccountAndAnswerAsForAnActiveOne() {
        // Given judy, disabled (userAccountControl ACCOUNTDISABLE), and hugo, active
        WebSession visitor = app.visitor();

        // When each is asked for on the request page
        WebSession.Page forJudy = ask(visitor, "judy", "reset");
        WebSession.Page forHugo = ask(visitor, "hugo", "reset");
        app.runJobs();

        // Then both answers are the same page, byte for byte; hugo gets his link, judy nothing
        assertThat(forJudy.status()).isEqualTo(forHugo.status()).isEqualTo(200);
        assertThat(forJudy.body()).isEqualTo(forHugo.body());
        mail("hugo@resetflow.test", "Reset your password");
        assertThat(mailsTo("judy@resetflow.test")).isEmpty();
    }

    @Test
    void shouldSendAHelpdeskResetLinkThatSetsThePassword() throws Exception {
        // When the helpdesk sends liam a reset link
        String request = app.helpdeskReset(HELPDESK, "send-links", "liam");

        // Then he gets it, and the summary says so
        assertThat(app.summary(request)).isEqualTo("liam: link sent");
        String token = link(mail("liam@resetflow.test", "Reset your password"));

        // When he sets his password with it
        WebSession liam = new WebSession(app.root);
        liam.get("/reset/" + token);
        assertThat(liam.post("/reset", Map.of("token", token, "password", STRONG, "confirmPassword", STRONG))
                .status()).isEqualTo(200);
        app.runJobs();

        // Then the domain has it, he is told, and the helpdesk's summary says done
        assertThat(binds("liam", STRONG)).isEqualTo(ResultCode.SUCCESS);
        mail("liam@resetflow.test", "Your password was changed");
        assertThat(app.summary(request)).isEqualTo("liam: done (new password set)");
    }

    @Test
    void shouldRevokeAPasswordForTheHelpdeskAndSendALink() throws Exception {
        // When the helpdesk revokes mona's password after a breach
        String request = app.helpdeskReset(HELPDESK, "revoke-and-reset", "mona");

        // Then she has her link, and the summary says the password was replaced
        assertThat(app.summary(request)).isEqualTo("mona: password revoked; link sent");
        String token = link(mail("mona@resetflow.test", "Your password was replaced: choose a new one"));

        // And the link sets her new one
        WebSession mona = new WebSession(app.root);
        mona.get("/reset/" + token);
        assertThat(mona.post("/reset", Map.of("token", token, "password", STRONG, "confirmPassword", STRONG))
                .status()).isEqualTo(200);
        assertThat(binds("mona", STRONG)).isEqualTo(ResultCode.SUCCESS);
    }

    @Test
    void shouldDisableAndReEnableAnAccountForTheHelpdesk() throws Exception {
        // When the helpdesk disables nina
        String disable = app.helpdeskReset(HELPDESK, "disable", "nina");

        // Then the domain has her disabled, she cannot bind, and a request for her gets no mail
        assertThat(app.summary(disable)).isEqualTo("nina: done (disabled: no login, no reset link)");
        assertThat(app.directory().readAccount("CN=nina," + USERS).active()).isFalse();
        assertThat(binds("nina", LdapTestServer.INITIAL_PASSWORD)).isNotEqualTo(ResultCode.SUCCESS);
        assertThat(ask(app.visitor(), "nina", "reset").status()).isEqualTo(200);
        app.runJobs();
        assertThat(mailsTo("nina@resetflow.test")).isEmpty();

        // When the helpdesk re-enables her
        String enable = app.helpdeskReset(HELPDESK, "enable", "nina");

        // Then she is active and binds with her password again
        assertThat(app.summary(enable)).isEqualTo("nina: done (re-enabled)");
        assertThat(app.directory().readAccount("CN=nina," + USERS).active()).isTrue();
        assertThat(binds("nina", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.SUCCESS);
    }

    @Test
    void shouldLeaveAPrivilegedAccountsStateToTheAdmins() throws Exception {
        // When the helpdesk disables pat, a member of the privileged group (memberOf)
        String refused = app.helpdeskReset(HELPDESK, "disable", "pat");

        // Then the domain is not touched, and the summary says why
        assertThat(app.summary(refused)).isEqualTo("pat: refused (privileged account: only an admin may disable, "
                + "re-enable or revoke it; state unchanged)");
        assertThat(app.directory().readAccount("CN=pat," + USERS).active()).isTrue();

        // When an admin disables pat and re-enables him
        assertThat(app.summary(app.helpdeskReset(ADMIN, "disable", "pat")))
                .isEqualTo("pat: done (disabled: no login, no reset link)");
        assertThat(app.directory().readAccount("CN=pat," + USERS).active()).isFalse();
        assertThat(app.summary(app.helpdeskReset(ADMIN, "enable", "pat"))).isEqualTo("pat: done (re-enabled)");

        // Then it is done, and pat binds again
        assertThat(binds("pat", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.SUCCESS);
    }

    @Test
    void shouldRefuseAGeneratedPasswordInTheSummaryAndSendNoLink() throws Exception {
        // When the helpdesk asks for a generated password for oscar (AD has no operation that generates one)
        String request = app.helpdeskReset(HELPDESK, "generated-password", "oscar");

        // Then the summary says why, no link goes out, and his password is as it was
        assertThat(app.summary(request))
                .isEqualTo("oscar: refused (the directory cannot generate passwords; no link sent)");
        assertThat(mailsTo("oscar@resetflow.test")).isEmpty();
        assertThat(binds("oscar", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.SUCCESS);
    }

    @Test
    void shouldRefuseAnAccountActivationInTheSummaryRatherThanRetryIt() {
        // When the helpdesk asks for a new account, which this dialect cannot create
        String activation = app.accountActivation("quinn", "quinn@resetflow.test");

        // Then the activation waits for the helpdesk's review with the reason, and nobody gets a mail
        assertThat(app.activities(activation)).containsExactly(AccountActivationProcess.TASK_REVIEW_ACTIVATION);
        assertThat(app.summary(activation))
                .isEqualTo("quinn: refused (the directory cannot create accounts; no account created)");
        assertThat(mailsTo("quinn@resetflow.test")).isEmpty();
        assertThat(app.directory().findByUserName("quinn")).isEmpty();
    }

    @Test
    void shouldUnlockALockedAccountThroughTheUnlockLinkAndKeepItsPassword() throws Exception {
        // Given ken, locked out by three wrong passwords: his right one does not bind
        for (int i = 0; i < 3; i++) {
            assertThat(binds("ken", "Wrong-Passw0rd-" + i)).isEqualTo(ResultCode.INVALID_CREDENTIALS);
        }
        assertThat(app.directory().readAccount("CN=ken," + USERS).locked()).isTrue();
        assertThat(binds("ken", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.INVALID_CREDENTIALS);

        // When he asks for an unlock on the request page
        WebSession ken = app.visitor();
        WebSession.Page answer = ask(ken, "ken", "unlock");
        app.runJobs();

        // Then the answer is the usual one, and he gets the unlock mail, whose link opens the unlock page
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.title()).isEqualTo("Check your mail");
        String token = link(mail("ken@resetflow.test", "Unlock your account"));
        WebSession.Page page = ken.get("/reset/" + token);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.document().select("form[action=\"/reset/" + token + "/unlock\"] button").text())
                .isEqualTo("Unlock my account");
        assertThat(app.directory().readAccount("CN=ken," + USERS).locked()).as("opening the link unlocks nothing")
                .isTrue();

        // When he presses the button
        WebSession.Page unlocked = ken.post("/reset/" + token + "/unlock", Map.of());

        // Then the domain's lockout is gone (lockoutTime 0) and he binds with the password he always had
        assertThat(unlocked.status()).isEqualTo(200);
        assertThat(unlocked.body()).contains("Your account is unlocked");
        assertThat(app.directory().readAccount("CN=ken," + USERS).locked()).isFalse();
        assertThat(binds("ken", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.SUCCESS);

        // And he is told by mail
        app.runJobs();
        mail("ken@resetflow.test", "Your account was unlocked");
        assertThat(mails("ken@resetflow.test", "Your password was changed")).isEmpty();
    }

    /** A simple bind by user principal name over LDAPS, the test CA trusted. */
    private static ResultCode binds(String name, String password) throws LDAPException, GeneralSecurityException {
        SSLUtil ssl = new SSLUtil(new PEMFileTrustManager(new File(server.caFile())));
        try (LDAPConnection connection = new LDAPConnection(ssl.createSSLSocketFactory(), "127.0.0.1", 636)) {
            return connection.bind(name + "@resetflow.test", password).getResultCode();
        } catch (LDAPException e) {
            return e.getResultCode();
        }
    }
}

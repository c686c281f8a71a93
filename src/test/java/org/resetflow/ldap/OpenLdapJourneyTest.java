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
 * The whole application against Debian's slapd with the ppolicy overlay ({@code src/test/ldap/slapd.sh}), configured
 * as an operator would ({@code resetflow.ldap.dialect=openldap}), through the public pages, the process's jobs, the
 * helpdesk's REST calls and the mails as GreenMail received them. What counts is what slapd holds afterwards: who can
 * bind with which password, who is locked or disabled. Each scenario has accounts of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class OpenLdapJourneyTest {

    private static final String PEOPLE = "ou=people,dc=resetflow,dc=test";
    private static final String STRONG = "Velvet-Harbor-Quietly-92";
    private static final String LONGER = "Velvet-Harbor-Quietly-Granite-Orchid-92";

    private static LdapTestServer server;
    private static LdapJourneyApp app;

    @BeforeAll
    static void startServerAndApplication() {
        server = LdapTestServer.openLdap();
        app = LdapJourneyApp.start("openLdapJourney",
                "--resetflow.ldap.url=ldap://127.0.0.1:" + server.port,
                "--resetflow.ldap.allow-plain=true",
                "--resetflow.ldap.dialect=openldap",
                "--resetflow.ldap.base-dn=" + PEOPLE,
                "--resetflow.ldap.bind-dn=cn=resetflow,ou=services,dc=resetflow,dc=test",
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
    void shouldResetAPasswordFromTheRequestPageToTheConfirmationMail(CapturedOutput output) throws LDAPException {
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

        // Then slapd has it: he binds with it, no longer with the old one
        assertThat(done.status()).isEqualTo(200);
        assertThat(binds("hugo", STRONG)).isEqualTo(ResultCode.SUCCESS);
        assertThat(binds("hugo", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.INVALID_CREDENTIALS);

        // And he is told by mail that his password was changed
        app.runJobs();
        mail("hugo@resetflow.test", "Your password was changed");

        // And neither his password, nor his link, nor the service account's password reached the log (which holds the
        // application's lines of this scenario)
        assertThat(output.getAll()).contains("POST /reset 200")
                .doesNotContain(STRONG, token, LdapTestServer.SERVICE_PASSWORD);
    }

    @Test
    void shouldShowThePolicysReasonsOnThePageAndKeepTheLinkUsable(CapturedOutput output) throws LDAPException {
        // Given irene, whose password policy asks for 30 characters, has her link open
        WebSession irene = app.visitor();
        ask(irene, "irene", "reset");
        app.runJobs();
        String token = link(mail("irene@resetflow.test", "Reset your password"));
        String current = "Quartz-Meadow-Lantern-Orbit-Harbor-58";

        // When she submits her current password, then one the page takes but her policy finds too short
        WebSession.Page inHistory = irene.post("/reset", Map.of("token", token, "password", current,
                "confirmPassword", current));
        WebSession.Page tooShort = irene.post("/reset", Map.of("token", token, "password", STRONG,
                "confirmPassword", STRONG));

        // Then each time she is back on the form with ppolicy's reason, and neither password is echoed
        assertThat(inHistory.status()).isEqualTo(422);
        assertThat(inHistory.document().select("#rejection .directory-text").text())
                .isEqualTo("The directory's password policy does not allow a password used before.");
        assertThat(inHistory.body()).doesNotContain(current);
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.document().select("#rejection .directory-text").text())
                .isEqualTo("The password is too short for the directory's password policy.");
        assertThat(tooShort.body()).doesNotContain(STRONG);
        assertThat(binds("irene", current)).isEqualTo(ResultCode.SUCCESS);
        assertThat(output.getAll()).doesNotContain(current);

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
        // Given judy, disabled (ppolicy's administrator lock), and hugo, active
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
    void shouldSendAHelpdeskResetLinkThatSetsThePassword() throws LDAPException {
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

        // Then slapd has it, he is told, and the helpdesk's summary says done
        assertThat(binds("liam", STRONG)).isEqualTo(ResultCode.SUCCESS);
        mail("liam@resetflow.test", "Your password was changed");
        assertThat(app.summary(request)).isEqualTo("liam: done (new password set)");
    }

    @Test
    void shouldRevokeAPasswordForTheHelpdeskAndSendALink() throws LDAPException {
        // When the helpdesk revokes mona's password after a breach
        String request = app.helpdeskReset(HELPDESK, "revoke-and-reset", "mona");

        // Then her old password no longer binds, she has her link, and the summary says both
        assertThat(binds("mona", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.INVALID_CREDENTIALS);
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
    void shouldDisableAndReEnableAnAccountForTheHelpdesk() throws LDAPException {
        // When the helpdesk disables nina
        String disable = app.helpdeskReset(HELPDESK, "disable", "nina");

        // Then slapd has her disabled (ppolicy's administrator lock), she cannot bind, and a request for her gets no mail
        assertThat(app.summary(disable)).isEqualTo("nina: done (disabled: no login, no reset link)");
        assertThat(app.directory().readAccount("uid=nina," + PEOPLE).active()).isFalse();
        assertThat(binds("nina", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.INVALID_CREDENTIALS);
        assertThat(ask(app.visitor(), "nina", "reset").status()).isEqualTo(200);
        app.runJobs();
        assertThat(mailsTo("nina@resetflow.test")).isEmpty();

        // When the helpdesk re-enables her
        String enable = app.helpdeskReset(HELPDESK, "enable", "nina");

        // Then she is active and binds with her password again
        assertThat(app.summary(enable)).isEqualTo("nina: done (re-enabled)");
        assertThat(app.directory().readAccount("uid=nina," + PEOPLE).active()).isTrue();
        assertThat(binds("nina", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.SUCCESS);
    }

    @Test
    void shouldLeaveAPrivilegedAccountsStateToTheAdmins() throws LDAPException {
        // When the helpdesk disables pat, a member of the privileged group
        String refused = app.helpdeskReset(HELPDESK, "disable", "pat");

        // Then slapd is not touched, and the summary says why
        assertThat(app.summary(refused)).isEqualTo("pat: refused (privileged account: only an admin may disable, "
                + "re-enable or revoke it; state unchanged)");
        assertThat(binds("pat", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.SUCCESS);

        // When an admin disables pat and re-enables him
        assertThat(app.summary(app.helpdeskReset(ADMIN, "disable", "pat")))
                .isEqualTo("pat: done (disabled: no login, no reset link)");
        assertThat(binds("pat", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.INVALID_CREDENTIALS);
        assertThat(app.summary(app.helpdeskReset(ADMIN, "enable", "pat"))).isEqualTo("pat: done (re-enabled)");

        // Then it is done, and pat binds again
        assertThat(binds("pat", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.SUCCESS);
    }

    @Test
    void shouldLetSlapdGenerateAPasswordOnlyWhenItsOwnerPressesTheButton(CapturedOutput output) throws LDAPException {
        // When the helpdesk asks for a generated password for oscar
        String request = app.helpdeskReset(HELPDESK, "generated-password", "oscar");

        // Then he gets a link, and opening it changes nothing yet
        String token = link(mail("oscar@resetflow.test", "Your new password is ready"));
        WebSession oscar = new WebSession(app.root);
        assertThat(oscar.get("/reset/" + token).title()).isEqualTo("See your new password");
        assertThat(binds("oscar", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.SUCCESS);

        // When he presses the button
        WebSession.Page shown = oscar.post("/reset/" + token, Map.of());

        // Then slapd generated his new password (Password Modify without one), shown to him once, and it binds
        assertThat(shown.title()).isEqualTo("Your new password");
        String generated = shown.document().select("input#generated-password").attr("value");
        assertThat(generated).isNotBlank();
        assertThat(binds("oscar", generated)).isEqualTo(ResultCode.SUCCESS);
        assertThat(binds("oscar", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.INVALID_CREDENTIALS);

        // And he is told by mail, and the summary says done
        app.runJobs();
        mail("oscar@resetflow.test", "Your password was changed");
        assertThat(app.summary(request))
                .isEqualTo("oscar: done (link sent; the directory generated the password and showed it to the owner once)");
        assertThat(output.getAll()).doesNotContain(generated);
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
    void shouldUnlockALockedAccountThroughTheUnlockLinkAndKeepItsPassword() throws LDAPException {
        // Given ken, locked out by wrong passwords: his right one does not bind
        assertThat(app.directory().readAccount("uid=ken," + PEOPLE).locked()).isTrue();
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
        assertThat(app.directory().readAccount("uid=ken," + PEOPLE).locked()).as("opening the link unlocks nothing")
                .isTrue();

        // When he presses the button
        WebSession.Page unlocked = ken.post("/reset/" + token + "/unlock", Map.of());

        // Then slapd's lock is gone and he binds with the password he always had
        assertThat(unlocked.status()).isEqualTo(200);
        assertThat(unlocked.body()).contains("Your account is unlocked");
        assertThat(app.directory().readAccount("uid=ken," + PEOPLE).locked()).isFalse();
        assertThat(binds("ken", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.SUCCESS);

        // And he is told by mail
        app.runJobs();
        mail("ken@resetflow.test", "Your account was unlocked");
        assertThat(mails("ken@resetflow.test", "Your password was changed")).isEmpty();
    }

    private static ResultCode binds(String uid, String password) throws LDAPException {
        try (LDAPConnection connection = new LDAPConnection("127.0.0.1", server.port)) {
            return connection.bind("uid=" + uid + "," + PEOPLE, password).getResultCode();
        } catch (LDAPException e) {
            return e.getResultCode();
        }
    }
}

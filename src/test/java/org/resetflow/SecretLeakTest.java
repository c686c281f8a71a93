package org.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.helpdesk.AccountActivationProcess;
import org.resetflow.helpdesk.HelpdeskResetProcess;
import org.resetflow.token.ResetTokens;
import org.resetflow.request.RequestIntakeProcess;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Drives resets down every path a link can take (set, rejected, expired, superseded, too many attempts) through the
 * pages, then searches every table, the history and the whole log, access log included, for any password or raw
 * token that passed through.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + SecretLeakTest.PUBLIC_BASE,
        "resetflow.rate-limit.requests-per-identifier=1000"})
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTest {

    static final String PUBLIC_BASE = "https://reset.example.test";

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    HistoryService historyService;
    @Autowired
    ResetTokens resetTokens;
    @Autowired
    DemoMailbox mailbox;
    @Autowired
    DemoDirectory demoDirectory;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    IdentityService identityService;

    private final List<String> secrets = new ArrayList<>();
    private WebSession browser;

    @BeforeEach
    void setUp() {
        mailbox.purge();
        browser = new WebSession("http://localhost:" + port);
        browser.get("/");
    }

    @Test
    void shouldLeaveNoPasswordOrTokenInAnyTableOrLogLineOnAnyPath(CapturedOutput output) throws Exception {
        // Rejected, then set
        String setToken = newLink("alice");
        assertThat(browser.get("/reset/" + setToken).status()).isEqualTo(200);
        reject(setToken, "alice", "Rejected-Then-Set-1");
        String newPassword = secret("Quartz-Falcon-Ribbon-58");
        assertThat(submit(setToken, newPassword, newPassword).title()).isEqualTo("Your password was changed");

        // Rejected, then expired
        String expiredToken = newLink("bob");
        reject(expiredToken, "bob", "Rejected-Then-Expired-2");
        String expiredReset = resetTokens.findReset(expiredToken).orElseThrow();
        managementService.executeJob(managementService.createJobQuery().processInstanceId(expiredReset).timers()
                .singleResult().getId());

        // Rejected, then superseded by a newer request (whose link is a secret too)
        String supersededToken = newLink("alice");
        reject(supersededToken, "alice", "Rejected-Then-Superseded-3");
        String newerToken = newLink("alice");

        // Too many attempts: four rejections keep the form (422), a mistyped confirmation costs none (422, checked
        // before the engine, its two values scanned like every password), the fifth rejection burns the link (410)
        for (int attempt = 1; attempt <= 4; attempt++) {
            reject(newerToken, "alice", "Too-Many-Attempts-" + attempt);
        }
        assertThat(submit(newerToken, secret("Mistyped-Quartz-Owl-71"), secret("Mistyped-Quartz-Owl-71-typo")).status())
                .isEqualTo(422);
        String fifth = secret("alice-Too-Many-Attempts-5");
        assertThat(submit(newerToken, fifth, fifth).status()).isEqualTo(410);
        assertThat(browser.get("/reset/" + newerToken).status()).isEqualTo(410);
        awaitIdleEngine();

        // Then every path ended where it should
        assertThat(endEvents()).contains("EndEvent_PasswordReset", "EndEvent_TokenExpired", "EndEvent_Superseded",
                "EndEvent_TooManyAttempts");

        // And no secret is in any table, the sent-mail ledger (four links, one confirmation) among them
        assertThat(new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForObject(
                "SELECT COUNT(*) FROM rf_sent_mail", Integer.class)).isGreaterThanOrEqualTo(5);
        DatabaseScan.assertNoneContains(dataSource, secrets.toArray(String[]::new));

        // And none is in the log, where the access log shows links masked
        String log = output.getAll();
        assertThat(log).contains("POST /request 200").contains("GET /reset/*** 200").contains("GET /reset/*** 410")
                .contains("POST /reset 422");
        for (String secret : secrets) {
            assertThat(log).doesNotContain(secret);
        }
    }

    @Test
    void shouldKeepNothingOfWhatWasTypedAsIdentifierOnceTheLookupFoundNoAccount(CapturedOutput output)
            throws Exception {
        // Given someone types a password into the identifier field, as people do
        String typed = secret("MySecretPassw0rd!");
        long endedBefore = historyService.createHistoricProcessInstanceQuery().finished().count();
        long resetsBefore = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).count();

        // When the request is answered and the lookup has found no account
        assertThat(browser.post("/request", Map.of("identifier", typed)).title()).isEqualTo("Check your mail");
        awaitIdleEngine();
        Awaitility.await().until(() ->
                historyService.createHistoricProcessInstanceQuery().finished().count() == endedBefore + 1);

        // Then only the batch's intake ran, with the batch id as its one variable, and started no reset; what was
        // typed is in no table and no log line
        var intake = historyService.createHistoricProcessInstanceQuery().finished()
                .orderByProcessInstanceEndTime().desc().list().get(0);
        assertThat(intake.getProcessDefinitionKey()).isEqualTo(RequestIntakeProcess.PROCESS_KEY);
        assertThat(intake.getEndActivityId()).isEqualTo("EndEvent_ResetsStarted");
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(intake.getId()).list())
                .extracting(variable -> variable.getName()).containsOnly(RequestIntakeProcess.VAR_BATCH_ID);
        assertThat(historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).count()).isEqualTo(resetsBefore);
        DatabaseScan.assertNoneContains(dataSource, typed);
        assertThat(output.getAll()).doesNotContain(typed);
    }

    @Test
    void shouldLeaveNoPasswordOrTokenOfAnActivationThroughThePublicPages(CapturedOutput output) throws Exception {
        // Given the helpdesk creates frank's account from Tasklist's start form
        awaitIdleEngine();
        mailbox.purge();
        identityService.setAuthentication("helen", List.of("helpdesk"));
        String activation;
        try {
            activation = runtimeService.startProcessInstanceByKey(AccountActivationProcess.PROCESS_KEY,
                    Map.of(AccountActivationProcess.VAR_ACCOUNT_NAME, "frank",
                            AccountActivationProcess.VAR_NEW_ACCOUNT_EMAIL, "frank@example.org",
                            AccountActivationProcess.VAR_NEW_ACCOUNT_DISPLAY_NAME, "Frank Fischer")).getId();
        } finally {
            identityService.clearAuthentication();
        }
        try {
            // When the demo directory has created it and the activation mail arrived
            jakarta.mail.internet.MimeMessage mail = TestSmtp.awaitMessages(mailbox, 1)[0];
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("frank@example.org");
            String token = secret(TestSmtp.resetToken(mail, PUBLIC_BASE));
            String frank = demoDirectory.idOf("frank").orElseThrow();
            // The mail leaves inside the job that stores the link; the link works once that job has committed (on a
            // loaded machine the test saw 410 here without this wait).
            awaitIdleEngine();

            // Then frank chooses his first password through the public pages, with nothing but the link
            assertThat(browser.get("/reset/" + token).status()).isEqualTo(200);
            String chosen = secret("Harbor-Lantern-Meadow-73");
            assertThat(submit(token, chosen, chosen).title()).isEqualTo("Your password was changed");
            awaitIdleEngine();
            assertThat(demoDirectory.passwordMatches(frank, chosen)).isTrue();
            assertThat((String) runtimeService.getVariable(activation, AccountActivationProcess.VAR_ACCOUNT_SUMMARY))
                    .isEqualTo("frank: done (new password set)");

            // And neither his password nor his link is in any table or log line
            DatabaseScan.assertNoneContains(dataSource, secrets.toArray(String[]::new));
            for (String secret : secrets) {
                assertThat(output.getAll()).doesNotContain(secret);
            }
        } finally {
            runtimeService.deleteProcessInstance(activation, "test done", true, true);
            demoDirectory.reset();
        }
    }

    @Test
    void shouldSendNoLinkForAGeneratedPasswordWhereTheDirectoryCannotGenerateOne() throws Exception {
        // Given the demo directory speaks plain RFC 7644, which has no server-generated passwords
        awaitIdleEngine();
        mailbox.purge();

        // When the helpdesk asks for a generated password for alice from Tasklist
        identityService.setAuthentication("helen", List.of("helpdesk"));
        String request;
        try {
            request = runtimeService.startProcessInstanceByKey(HelpdeskResetProcess.PROCESS_KEY, Map.of(
                    HelpdeskResetProcess.VAR_OPERATION, HelpdeskResetProcess.OPERATION_GENERATED_PASSWORD,
                    HelpdeskResetProcess.VAR_ACCOUNT_NAMES, "alice")).getId();
        } finally {
            identityService.clearAuthentication();
        }
        awaitIdleEngine();

        // Then the helpdesk reads why in the summary, no reset started, and no mail (so no link) went out
        try {
            assertThat((String) runtimeService.getVariable(request, HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY))
                    .isEqualTo("alice: refused (the directory cannot generate passwords; no link sent)");
            assertThat(runtimeService.createProcessInstanceQuery().superProcessInstanceId(request).count()).isZero();
            assertThat(mailbox.messages()).isEmpty();
        } finally {
            runtimeService.deleteProcessInstance(request, "test done", true, true);
        }
    }

    private String newLink(String user) {
        awaitIdleEngine();
        mailbox.purge();
        browser.post("/request", Map.of("identifier", user));
        String token = secret(TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], PUBLIC_BASE));
        awaitIdleEngine();
        return token;
    }

    private void reject(String token, String userName, String password) {
        // The password holds the user name, so the rules refuse it whatever the estimator says; both fields match,
        // because a mismatch is caught before the engine and would not take the password through the process
        String refused = secret(userName + "-" + password);
        assertThat(submit(token, refused, refused).status()).isEqualTo(422);
    }

    private WebSession.Page submit(String token, String password, String confirmation) {
        return browser.post("/reset", Map.of("token", token, "password", password, "confirmPassword", confirmation));
    }

    private String secret(String value) {
        secrets.add(value);
        return value;
    }

    private List<String> endEvents() {
        return historyService.createHistoricActivityInstanceQuery().activityType("noneEndEvent").list().stream()
                .map(a -> a.getActivityId()).toList();
    }

    private void awaitIdleEngine() {
        EngineJobs.awaitIdle(managementService, resetStarter);
    }
}

package org.resetflow.mail;

import org.resetflow.EngineJobs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.resetflow.PasswordResetProcess;
import org.resetflow.TestSmtp;
import org.resetflow.helpdesk.AccountActivationProcess;
import org.resetflow.helpdesk.HelpdeskResetProcess;
import org.resetflow.password.PasswordHandover;
import org.resetflow.request.RequestPurpose;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.BulkPasswordResult;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * Every mail ResetFlow sends says what its process did, in English and in German: each process is driven as the
 * process tests drive it (the engine by hand, the directory a mock), each mail is read from GreenMail, and its key
 * sentences are checked against what happened. Above all: after "Revoke and reset" the helpdesk has replaced the
 * password, so that mail must not say the password stays as it is.
 */
@SpringBootTest(properties = {
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=http://directory.invalid/scim/v2",
        TestSmtp.HOST,
        "resetflow.public-base-url=https://reset.example.org"})
class MailWordingTest {

    private static final String STRONG_PASSWORD = "Velvet-Harbor-Quietly-92";

    @SuppressWarnings("unused")
    private static final com.icegreen.greenmail.util.GreenMail smtp = TestSmtp.server();

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry);
    }

    /** What each mail must say, and must not, in one language. */
    private record Wording(String language, Map<String, Says> mails) {
    }

    private record Says(String subject, List<String> sentences, List<String> never) {
    }

    private static final String STAYS_EN = "your password stays as it is";
    private static final String STAYS_DE = "Ihr Passwort bleibt, wie es ist";

    private static final Wording ENGLISH = new Wording("en", with(Map.of(
            "reset link", new Says("Reset your password", List.of("someone (hopefully you) asked ResetFlow to reset "
                    + "the password of your account", "Did not ask for this? Then ignore this mail: " + STAYS_EN),
                    List.of("not the first time")),
            "password changed", new Says("Your password was changed", List.of("the password of your account was "
                    + "changed at", "If this was not you, contact your helpdesk now"), List.of("/reset/")),
            "repeated", new Says("Reset your password", List.of("and it is not the first time today",
                    "ignore this mail (" + STAYS_EN + ") and tell your helpdesk"), List.of("hopefully you")),
            "helpdesk link", new Says("Reset your password", List.of("asked ResetFlow to reset the password of your "
                    + "account", STAYS_EN), List.of("replaced")),
            "revoke and reset", new Says("Your password was replaced: choose a new one", List.of(
                    "your helpdesk replaced the password of your account at ResetFlow: your old password no longer "
                            + "works", "Choose a new one with the link below", "To choose a new password, open "
                            + "this link"), List.of(STAYS_EN, "stays as it is", "hopefully you", "ignore this mail")),
            "activation", new Says("Your account was created: choose your password", List.of("your helpdesk created "
                    + "an account for you at ResetFlow", "It has no password yet: you choose it"),
                    List.of(STAYS_EN, "hopefully you")),
            "generated password", new Says("Your new password is ready", List.of("your helpdesk set up a new "
                    + "password for you at ResetFlow", "The link shows the password once"),
                    List.of(STAYS_EN, "hopefully you", "rejected password")),
            "approval expired", new Says("Your password reset was not approved in time", List.of("it was not given "
                    + "in time, so no reset link was sent and your password stays as it is"), List.of("/reset/"))),
            Map.of(
            "unlock link", new Says("Unlock your account", List.of("someone (hopefully you) asked ResetFlow to "
                    + "unlock your account, which is locked after too many wrong passwords", "To unlock your account, "
                    + "open this link and confirm on the page:", "No password is changed", "Then do not open the "
                    + "link: your account stays locked"), List.of(STAYS_EN, "rejected password", "new password")),
            "unlocked", new Says("Your account was unlocked", List.of("your account was unlocked at", "its password "
                    + "was not changed", "If this was not you, call your helpdesk now"), List.of("/reset/")),
            "unlock not needed", new Says("Your account is not locked", List.of("asked ResetFlow to unlock your "
                    + "account, but it is not locked, so nothing was changed", "If you forgot your password, ask for "
                    + "a reset at https://reset.example.org/"), List.of("/reset/")),
            "unlock not offered", new Says("Your account cannot be unlocked here", List.of("For this account an "
                    + "unlock is not offered here, so nothing was changed", "Please contact your helpdesk to have it "
                    + "unlocked."), List.of("/reset/", "https://reset.example.org")))));

    private static final Wording GERMAN = new Wording("de", with(Map.of(
            "reset link", new Says("Passwort zurücksetzen", List.of("jemand (hoffentlich Sie) hat bei ResetFlow "
                    + "beantragt", "Dann beachten Sie diese Mail nicht: " + STAYS_DE),
                    List.of("nicht zum ersten Mal")),
            "password changed", new Says("Ihr Passwort wurde geändert", List.of("das Passwort Ihres Kontos wurde am",
                    "Waren Sie das nicht, wenden Sie sich sofort an Ihren Helpdesk"), List.of("/reset/")),
            "repeated", new Says("Passwort zurücksetzen", List.of("und das nicht zum ersten Mal heute",
                    "(" + STAYS_DE + ")"), List.of("hoffentlich Sie")),
            "helpdesk link", new Says("Passwort zurücksetzen", List.of("beantragt, das Passwort Ihres Kontos "
                    + "zurückzusetzen", STAYS_DE), List.of("ersetzt")),
            "revoke and reset", new Says("Ihr Passwort wurde ersetzt: Wählen Sie ein neues", List.of(
                    "Ihr Helpdesk hat das Passwort Ihres Kontos bei ResetFlow ersetzt: Ihr bisheriges Passwort gilt "
                            + "nicht mehr", "Wählen Sie mit dem Link unten ein neues"),
                    List.of(STAYS_DE, "bleibt, wie es ist", "hoffentlich Sie", "beachten Sie diese Mail nicht")),
            "activation", new Says("Ihr Konto wurde angelegt: Wählen Sie Ihr Passwort", List.of("Ihr Helpdesk hat "
                    + "für Sie ein Konto bei ResetFlow angelegt"), List.of(STAYS_DE, "hoffentlich Sie")),
            "generated password", new Says("Ihr neues Passwort liegt bereit", List.of("Ihr Helpdesk hat bei "
                    + "ResetFlow ein neues Passwort für Sie eingerichtet"), List.of(STAYS_DE, "hoffentlich Sie")),
            "approval expired", new Says("Ihr Passwort-Reset wurde nicht rechtzeitig freigegeben", List.of(
                    "Deshalb wurde kein Link geschickt, und " + STAYS_DE), List.of("/reset/"))),
            Map.of(
            "unlock link", new Says("Konto entsperren", List.of("jemand (hoffentlich Sie) hat bei ResetFlow "
                    + "beantragt, Ihr Konto zu entsperren", "Es wird kein Passwort geändert", "Dann öffnen Sie den "
                    + "Link nicht: Ihr Konto bleibt gesperrt"), List.of(STAYS_DE, "abgelehnten Passw")),
            "unlocked", new Says("Ihr Konto wurde entsperrt", List.of("Ihr Konto wurde am", "sein Passwort wurde "
                    + "nicht geändert", "Waren Sie das nicht, rufen Sie sofort Ihren Helpdesk an"), List.of("/reset/")),
            "unlock not needed", new Says("Ihr Konto ist nicht gesperrt", List.of("aber es ist nicht gesperrt; "
                    + "deshalb wurde nichts geändert", "fordern Sie unter https://reset.example.org/ einen Link zum "
                    + "Zurücksetzen an"), List.of("/reset/")),
            "unlock not offered", new Says("Ihr Konto kann hier nicht entsperrt werden", List.of("Für dieses Konto "
                    + "wird das Entsperren hier nicht angeboten", "Bitte wenden Sie sich an Ihren Helpdesk"),
                    List.of("/reset/", "https://reset.example.org")))));

    /** The mails of the resets and those of the unlock, in one map (Map.of takes ten entries). */
    private static Map<String, Says> with(Map<String, Says> resets, Map<String, Says> unlocks) {
        Map<String, Says> all = new java.util.HashMap<>(resets);
        all.putAll(unlocks);
        return Map.copyOf(all);
    }

    @MockitoBean
    Directory directory;

    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    IdentityService identityService;
    @Autowired
    HistoryService historyService;
    @Autowired
    PasswordHandover handover;
    @Autowired
    DataSource dataSource;

    @Test
    void shouldSayInEveryMailWhatItsProcessDidInEachLanguage() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (Wording wording : List.of(ENGLISH, GERMAN)) {
            Map<String, MimeMessage> sent = walkEveryProcess(wording.language());
            assertThat(sent).as("mails sent in " + wording.language()).containsOnlyKeys(wording.mails().keySet());
            wording.mails().forEach((mail, says) -> {
                MimeMessage message = sent.get(mail);
                String text = TestSmtp.text(message);
                String what = wording.language() + ", " + mail;
                try {
                    softly.assertThat(message.getSubject()).as(what + ": subject").isEqualTo(says.subject());
                    softly.assertThat(message.getHeader("Content-Language")[0]).as(what + ": language")
                            .isEqualTo(wording.language());
                } catch (jakarta.mail.MessagingException e) {
                    throw new AssertionError(e);
                }
                says.sentences().forEach(sentence ->
                        softly.assertThat(oneLine(text)).as(what + ": says").contains(sentence));
                says.never().forEach(sentence ->
                        softly.assertThat(oneLine(text)).as(what + ": never says").doesNotContain(sentence));
            });
        }
        softly.assertAll();
    }

    /** Drives each process once for an owner of that language; the mail each one sent, by what happened. */
    private Map<String, MimeMessage> walkEveryProcess(String language) {
        Map<String, MimeMessage> sent = new java.util.LinkedHashMap<>();
        DirectoryAccount owner = new DirectoryAccount("id-olga", "olga", "olga@example.org", "Olga Ortiz", true,
                List.of("staff"), language, null, null);
        DirectoryAccount privileged = new DirectoryAccount("id-pia", "pia", "pia@example.org", "Pia Park", true,
                List.of("staff", "admins"), language, null, null);
        when(directory.findByUserName("olga")).thenReturn(List.of(owner));
        when(directory.findByUserName("pia")).thenReturn(List.of(privileged));
        when(directory.readAccount("id-olga")).thenReturn(owner);

        // She asks for a link on the page, and sets a new password with it
        fresh();
        ProcessInstance reset = requestReset("olga");
        sent.put("reset link", onlyMail());
        submit(reset, STRONG_PASSWORD);
        runDueJobs();
        sent.put("password changed", onlyMail());

        // She asks again three times, and a fourth
        fresh();
        for (int i = 0; i < 3; i++) {
            requestReset("olga");
        }
        TestSmtp.purge();
        requestReset("olga");
        sent.put("repeated", onlyMail());

        // The helpdesk sends her a link
        fresh();
        startAsHelpdesk(HelpdeskResetProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(HelpdeskResetProcess.VAR_ACCOUNT_NAMES, "olga"));
        runDueJobs();
        sent.put("helpdesk link", onlyMail());

        // The helpdesk revokes her password, the directory replaces it, and she gets a link
        fresh();
        when(directory.setPasswords(anyMap())).thenReturn(List.of(new BulkPasswordResult("id-olga", 200, null)));
        startAsHelpdesk(HelpdeskResetProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(HelpdeskResetProcess.VAR_OPERATION, HelpdeskResetProcess.OPERATION_REVOKE_AND_RESET)
                .putValue(HelpdeskResetProcess.VAR_ACCOUNT_NAMES, "olga"));
        runDueJobs();
        sent.put("revoke and reset", onlyMail());

        // The helpdesk creates her account
        fresh();
        when(directory.createUser(any(), anyString())).thenReturn("id-olga");
        startAsHelpdesk(AccountActivationProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(AccountActivationProcess.VAR_ACCOUNT_NAME, "olga")
                .putValue(AccountActivationProcess.VAR_NEW_ACCOUNT_EMAIL, "olga@example.org"));
        runDueJobs();
        sent.put("activation", onlyMail());

        // The helpdesk has the directory generate a password for her
        fresh();
        when(directory.generatesPasswords()).thenReturn(true);
        startAsHelpdesk(HelpdeskResetProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(HelpdeskResetProcess.VAR_OPERATION, HelpdeskResetProcess.OPERATION_GENERATED_PASSWORD)
                .putValue(HelpdeskResetProcess.VAR_ACCOUNT_NAMES, "olga"));
        runDueJobs();
        sent.put("generated password", onlyMail());

        // A privileged owner asks, and nobody approves in time
        fresh();
        requestReset("pia");
        managementService.executeJob(managementService.createJobQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).timers().singleResult().getId());
        runDueJobs();
        sent.put("approval expired", onlyMail());

        // She is locked out, asks for an unlock, and presses the button behind its link
        fresh();
        when(directory.findByUserName("olga")).thenReturn(List.of(new DirectoryAccount("id-olga", "olga",
                "olga@example.org", "Olga Ortiz", true, List.of("staff"), language, null, null, true)));
        ProcessInstance unlock = requestReset("olga", RequestPurpose.UNLOCK);
        sent.put("unlock link", onlyMail());
        handover.during(new PasswordHandover.Submitted(unlock.getId(), null, null),
                () -> runtimeService.createMessageCorrelation(PasswordResetProcess.MSG_PASSWORD_SUBMITTED)
                        .processInstanceId(unlock.getId()).correlateWithResult());
        runDueJobs();
        sent.put("unlocked", onlyMail());

        // She asks for an unlock while her account is not locked
        fresh();
        when(directory.findByUserName("olga")).thenReturn(List.of(owner));
        requestReset("olga", RequestPurpose.UNLOCK);
        sent.put("unlock not needed", onlyMail());

        // A privileged owner, locked out, asks for an unlock
        fresh();
        when(directory.findByUserName("pia")).thenReturn(List.of(new DirectoryAccount("id-pia", "pia",
                "pia@example.org", "Pia Park", true, List.of("staff", "admins"), language, null, null, true)));
        requestReset("pia", RequestPurpose.UNLOCK);
        sent.put("unlock not offered", onlyMail());
        return sent;
    }

    /** No running or remembered resets, no mail: the policy counts an account's recent resets. */
    private void fresh() {
        List<String> running = runtimeService.createProcessInstanceQuery().rootProcessInstances().list().stream()
                .map(ProcessInstance::getId).toList();
        if (!running.isEmpty()) {
            runtimeService.deleteProcessInstances(running, "next scenario", true, true);
        }
        List<String> ended = historyService.createHistoricProcessInstanceQuery().list().stream()
                .map(HistoricProcessInstance::getId).toList();
        if (!ended.isEmpty()) {
            historyService.deleteHistoricProcessInstances(ended);
        }
        new JdbcTemplate(dataSource).update("DELETE FROM rf_account_reset");
        TestSmtp.purge();
    }

    private MimeMessage onlyMail() {
        MimeMessage[] messages = smtp.getReceivedMessages();
        assertThat(messages).hasSize(1);
        TestSmtp.purge();
        return messages[0];
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private ProcessInstance requestReset(String identifier) {
        return requestReset(identifier, RequestPurpose.RESET);
    }

    private ProcessInstance requestReset(String identifier, RequestPurpose purpose) {
        resetRequests.request(identifier, "192.0.2.1", null, purpose);
        String id = EngineJobs.startQueuedResets(managementService, runtimeService, resetStarter).get(0);
        runDueJobs();
        return runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    private void submit(ProcessInstance reset, String password) {
        handover.during(new PasswordHandover.Submitted(reset.getId(), password, password),
                () -> runtimeService.createMessageCorrelation(PasswordResetProcess.MSG_PASSWORD_SUBMITTED)
                        .processInstanceId(reset.getId()).correlateWithResult());
    }

    private void startAsHelpdesk(String key, Map<String, Object> variables) {
        identityService.setAuthentication("helen", List.of("helpdesk"));
        try {
            runtimeService.startProcessInstanceByKey(key, variables);
        } finally {
            identityService.clearAuthentication();
        }
    }

    /** What the job executor would do now: every due job, until none is left (timers not yet due stay). */
    private void runDueJobs() {
        for (int round = 0; round < 30; round++) {
            List<Job> due = managementService.createJobQuery().executable().list();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(j -> managementService.executeJob(j.getId()));
        }
        throw new AssertionError("jobs keep coming");
    }
}

package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.resetflow.EngineJobs;
import org.resetflow.TestSmtp;
import org.resetflow.browser.Chromium;
import org.resetflow.browser.RequiresChromium;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.MessageSource;
import org.springframework.test.annotation.DirtiesContext;

/**
 * "Create an account" worked in Tasklist in a real Chromium by {@code demohelpdesk}: "Start process", the process by
 * its name, user name, address and display name typed into the start form, "Start". The demo directory then holds
 * the account, the new user's mail brings the activation link, the user chooses a password on the public page, and
 * the summary Tasklist shows says so; "Claim" and "Complete" end the activation. A taken user name ends in the
 * summary with the directory's answer, and nobody gets a mail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + AccountActivationInTasklistTest.PUBLIC_BASE,
        "resetflow.demo.helpdesk-password=demohelpdesk", "resetflow.demo.owner-password=demoowner",
        "resetflow.demo.admin-password=demoadmin",
        "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error"})
@RequiresChromium
// The webapps keep their engine in static fields, set by whichever context started last: a fresh one sets them (see
// WebappsWalkthroughTest).
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
class AccountActivationInTasklistTest {

    static final String HOST = "resetflow.test";
    static final String PUBLIC_BASE = "http://" + HOST;

    private static final String PROCESS_NAME = "Helpdesk: create an account and send its activation link";


    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;
    @Autowired
    TaskService taskService;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    DemoDirectory demoDirectory;
    @Autowired
    DemoMailbox mailbox;
    @Autowired
    Directory directory;
    @Autowired
    MessageSource messages;

    // One browser for the whole class, signed in once: Camunda's webapps load megabytes of script.
    @RegisterExtension
    static final Chromium chromium = Chromium.perClass(HOST).windowSize(1400, 1100).withCamundaWebapps();
    private static final Tasklist tasklist = new Tasklist(chromium);

    @BeforeEach
    void cleanSlateAndSignIn() {
        EngineJobs.awaitIdle(managementService, resetStarter);
        runtimeService.createProcessInstanceQuery().rootProcessInstances().list()
                .forEach(p -> runtimeService.deleteProcessInstance(p.getId(), "next scenario", true, true));
        demoDirectory.reset();
        mailbox.purge();
        tasklist.signInOnce("demohelpdesk", "demohelpdesk");
    }

    @Test
    void shouldCreateTheAccountSendItsActivationLinkAndSummarizeItOnceItsOwnerChoseAPassword() throws Exception {
        // When the helpdesk fills the start form for frank and starts it
        tasklist.openStartForm(PROCESS_NAME);
        tasklist.type("Field_AccountName", "frank");
        tasklist.type("Field_NewAccountEmail", "frank@example.org");
        tasklist.type("Field_NewAccountDisplayName", "Frank Fischer");
        String activation = start();

        // Then the directory has frank, active, with the name typed, and his mail invites him to choose a password
        MimeMessage mail = TestSmtp.awaitMessages(mailbox, 1)[0];
        String frank = demoDirectory.idOf("frank").orElseThrow();
        DirectoryAccount account = directory.readAccount(frank);
        assertThat(account.active()).isTrue();
        assertThat(account.displayName()).isEqualTo("Frank Fischer");
        assertThat(account.email()).isEqualTo("frank@example.org");
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("frank@example.org");
        assertThat(mail.getSubject()).isEqualTo(text("mail.activation.subject"));
        String link = PUBLIC_BASE + "/reset/" + TestSmtp.resetToken(mail, PUBLIC_BASE);

        // When frank opens it and chooses his password
        String password = HelpdeskResetInTasklistTest.strongPassword();
        assertThat(tasklist.choosePassword(link, password)).isEqualTo(text("done.title"));

        // Then the directory holds it, the summary in Tasklist says done, and "Complete" ends the activation
        assertThat(demoDirectory.passwordMatches(frank, password)).isTrue();
        assertThat(summaryShownInTasklist(activation)).isEqualTo("frank: done (new password set)");
        completeSummary(activation);
    }

    @Test
    void shouldSummarizeATakenUserNameWithoutCreatingOrMailingAnything() {
        // When the helpdesk "creates" bob, who exists
        tasklist.openStartForm(PROCESS_NAME);
        tasklist.type("Field_AccountName", "bob");
        tasklist.type("Field_NewAccountEmail", "mallory@example.net");
        String activation = start();

        // Then the summary gives the directory's answer, bob keeps his address, and no mail went out
        assertThat(summaryShownInTasklist(activation))
                .isEqualTo("bob: refused (the directory answered 409: the user name is taken; no account created)");
        completeSummary(activation);
        assertThat(directory.readAccount(demoDirectory.idOf("bob").orElseThrow()).email())
                .isEqualTo("bob@example.org");
        EngineJobs.awaitNoDueJobs(managementService);
        assertThat(mailbox.messages()).isEmpty();
    }

    /** "Start", then the activation that started, which must be the signed-in helpdesk member's. */
    private String start() {
        tasklist.start();
        HistoricProcessInstance started = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> historyService.createHistoricProcessInstanceQuery()
                        .processDefinitionKey(AccountActivationProcess.PROCESS_KEY).unfinished().singleResult(),
                instance -> instance != null);
        assertThat(started.getStartUserId()).isEqualTo("demohelpdesk");
        return started.getId();
    }

    /** Waits for the summary task, opens it in Tasklist and returns what its form shows. */
    private String summaryShownInTasklist(String activation) {
        Task task;
        try {
            task = Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                    () -> taskService.createTaskQuery().processInstanceId(activation)
                            .taskDefinitionKey(AccountActivationProcess.TASK_REVIEW_ACTIVATION).singleResult(),
                    found -> found != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("No summary task after 60 s: the process waits at "
                    + runtimeService.getActiveActivityIds(activation) + ", its resets at "
                    + runtimeService.createProcessInstanceQuery().superProcessInstanceId(activation).list().stream()
                            .map(reset -> runtimeService.getActiveActivityIds(reset.getId())).toList(), e);
        }
        tasklist.openTask(task.getId());
        return tasklist.shownValue("Field_AccountSummary");
    }

    /** Clicks "Claim" and "Complete" on the open summary, and sees the activation end. */
    private void completeSummary(String activation) {
        tasklist.claimAndComplete();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> historyService
                    .createHistoricProcessInstanceQuery().processInstanceId(activation).finished().count() == 1);
        } catch (RuntimeException e) {
            throw tasklist.failure("the summary was not completed", e);
        }
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(activation).singleResult()
                .getEndActivityId()).isEqualTo("EndEvent_ActivationHandled");
    }

    private String text(String key) {
        return messages.getMessage(key, null, Locale.ENGLISH);
    }
}

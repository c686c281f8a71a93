package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
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
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.resetflow.EngineJobs;
import org.resetflow.TestSmtp;
import org.resetflow.browser.Chromium;
import org.resetflow.browser.RequiresChromium;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.MessageSource;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The helpdesk's start form and summary, worked in Tasklist in a real Chromium by {@code demohelpdesk}, once per
 * action: "Start process", the process by its name, the action's radio button and the user names typed into the text
 * area, "Start". Then what the form promised is checked where it happens: the demo directory (password replaced,
 * generated, account disabled or enabled), the demo inbox (who got which mail) and the engine (the summary's lines as
 * Tasklist shows them, the request ended after "Complete" was clicked). A reset's link is used on the public page as
 * its owner would, so each reset ends and the summary comes. Demo mode with the Ping dialect, which alone can
 * generate passwords.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + HelpdeskResetInTasklistTest.PUBLIC_BASE,
        "resetflow.scim.dialect=ping",
        "resetflow.demo.helpdesk-password=demohelpdesk", "resetflow.demo.owner-password=demoowner",
        "resetflow.demo.admin-password=demoadmin",
        "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error"})
@RequiresChromium
// The webapps keep their engine in static fields, set by whichever context started last: a fresh one sets them (see
// WebappsWalkthroughTest).
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
class HelpdeskResetInTasklistTest {

    static final String HOST = "resetflow.test";
    static final String PUBLIC_BASE = "http://" + HOST;

    private static final String PROCESS_NAME =
            "Helpdesk: reset links, revoke and reset, generated password, disable or re-enable";
    private static final String SEND_LINKS = "Send reset links";
    private static final String REVOKE_AND_RESET = "Revoke and reset (breach): old passwords stop working now";
    private static final String GENERATED_PASSWORD = "Generated password (Ping): each owner gets a one-time link whose"
            + " page shows a password the directory generates";
    private static final String DISABLE =
            "Disable accounts (reported compromise): no login and no reset link until re-enabled";
    private static final String ENABLE = "Re-enable accounts";


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
    void shouldSendResetLinksAndSummarizeEachAccountOnceItsOwnerChoseAPassword() {
        // When the helpdesk starts "Send reset links" for alice and a name nobody has, by typing and clicking
        tasklist.openStartForm(PROCESS_NAME);
        tasklist.choose(SEND_LINKS);
        tasklist.type("Field_AccountNames", "alice\nnobody");
        tasklist.keep("tasklist-helpdesk-reset-start");
        String request = start();

        // Then alice, and only alice, gets the reset mail with her link
        MimeMessage mail = onlyMail("alice@example.org");
        assertThat(subject(mail)).isEqualTo(text("mail.reset.subject"));
        String link = PUBLIC_BASE + "/reset/" + TestSmtp.resetToken(mail, PUBLIC_BASE);

        // When she opens it and chooses a password
        String password = strongPassword();
        assertThat(tasklist.choosePassword(link, password)).isEqualTo(text("done.title"));

        // Then the directory holds it, and the summary in Tasklist has one line per account
        assertThat(demoDirectory.passwordMatches(demoDirectory.idOf("alice").orElseThrow(), password)).isTrue();
        assertThat(summaryShownInTasklist(request))
                .containsExactlyInAnyOrder("alice: done (new password set)", "nobody: not found");
        tasklist.keep("tasklist-helpdesk-reset-summary");

        // And clicking "Complete" ends the request
        completeSummary(request);
    }

    @Test
    void shouldRevokeAndResetSoTheOldPasswordStopsWorkingBeforeTheOwnerChoosesANewOne() {
        // Given bob has a password
        String bob = demoDirectory.idOf("bob").orElseThrow();
        String old = strongPassword();
        directory.setPassword(bob, old);
        assertThat(demoDirectory.passwordMatches(bob, old)).isTrue();

        // When the helpdesk revokes and resets him in Tasklist
        tasklist.openStartForm(PROCESS_NAME);
        tasklist.choose(REVOKE_AND_RESET);
        tasklist.type("Field_AccountNames", "bob");
        String request = start();

        // Then his old password no longer works, and his mail brings a link to choose a new one
        MimeMessage mail = onlyMail("bob@example.org");
        assertThat(demoDirectory.passwordMatches(bob, old)).isFalse();
        String link = PUBLIC_BASE + "/reset/" + TestSmtp.resetToken(mail, PUBLIC_BASE);

        // When he uses it
        String password = strongPassword();
        assertThat(tasklist.choosePassword(link, password)).isEqualTo(text("done.title"));

        // Then his new password is set, and the summary says both steps
        assertThat(demoDirectory.passwordMatches(bob, password)).isTrue();
        assertThat(summaryShownInTasklist(request)).containsExactly("bob: password revoked; done (new password set)");
        completeSummary(request);
    }

    @Test
    void shouldHaveThePingDirectoryGenerateAPasswordOnlyOnTheOwnersPage() {
        // When the helpdesk chooses "Generated password" for alice in Tasklist
        tasklist.openStartForm(PROCESS_NAME);
        tasklist.choose(GENERATED_PASSWORD);
        tasklist.type("Field_AccountNames", "alice");
        String request = start();

        // Then her mail says her password is ready and holds only the link, and nothing was generated yet
        MimeMessage mail = onlyMail("alice@example.org");
        assertThat(subject(mail)).isEqualTo(text("mail.generated.subject"));
        String link = PUBLIC_BASE + "/reset/" + TestSmtp.resetToken(mail, PUBLIC_BASE);
        String alice = demoDirectory.idOf("alice").orElseThrow();
        assertThat(demoDirectory.passwordChangedAt(alice)).isEmpty();

        // When she opens the link and presses its one button
        chromium.driver().get(link);
        chromium.browser().await().until(ExpectedConditions.textToBe(By.tagName("h1"), text("generated.title")));
        chromium.driver().findElement(By.cssSelector("#generated-form button")).click();
        chromium.browser().await().until(ExpectedConditions.textToBe(By.tagName("h1"), text("generatedshown.title")));

        // Then the page shows the password the directory now holds, and the summary says so
        String generated = chromium.driver().findElement(By.id("generated-password")).getDomProperty("value");
        assertThat(demoDirectory.passwordMatches(alice, generated)).isTrue();
        assertThat(summaryShownInTasklist(request)).containsExactly(
                "alice: done (link sent; the directory generated the password and showed it to the owner once)");
        completeSummary(request);
    }

    @Test
    void shouldDisableAnAccountAndReEnableIt() {
        // When the helpdesk disables alice in Tasklist
        tasklist.openStartForm(PROCESS_NAME);
        tasklist.choose(DISABLE);
        tasklist.type("Field_AccountNames", "alice");
        String disable = start();

        // Then the directory has her disabled, the summary says so, and nobody got a mail
        String alice = demoDirectory.idOf("alice").orElseThrow();
        assertThat(summaryShownInTasklist(disable)).containsExactly("alice: done (disabled: no login, no reset link)");
        assertThat(directory.readAccount(alice).active()).isFalse();
        completeSummary(disable);

        // When she is re-enabled the same way
        tasklist.openStartForm(PROCESS_NAME);
        tasklist.choose(ENABLE);
        tasklist.type("Field_AccountNames", "alice");
        String enable = start();

        // Then she is active again
        assertThat(summaryShownInTasklist(enable)).containsExactly("alice: done (re-enabled)");
        assertThat(directory.readAccount(alice).active()).isTrue();
        completeSummary(enable);
        assertThat(mailbox.messages()).isEmpty();
    }

    /** "Start", then the request that started, which must be the signed-in helpdesk member's. */
    private String start() {
        tasklist.start();
        HistoricProcessInstance started = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> historyService.createHistoricProcessInstanceQuery()
                        .processDefinitionKey(HelpdeskResetProcess.PROCESS_KEY).unfinished().singleResult(),
                instance -> instance != null);
        assertThat(started.getStartUserId()).isEqualTo("demohelpdesk");
        return started.getId();
    }

    /** Waits for the summary task, opens it in Tasklist and returns the lines its form shows. */
    private List<String> summaryShownInTasklist(String request) {
        Task task;
        try {
            task = Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                    () -> taskService.createTaskQuery().processInstanceId(request)
                            .taskDefinitionKey(HelpdeskResetProcess.TASK_REVIEW_SUMMARY).singleResult(),
                    found -> found != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("No summary task after 60 s: the process waits at "
                    + runtimeService.getActiveActivityIds(request) + ", its resets at "
                    + runtimeService.createProcessInstanceQuery().superProcessInstanceId(request).list().stream()
                            .map(reset -> runtimeService.getActiveActivityIds(reset.getId())).toList(), e);
        }
        tasklist.openTask(task.getId());
        return tasklist.shownValue("Field_AccountSummary").lines().toList();
    }

    /** Clicks "Claim" and "Complete" on the open summary, and sees the request end. */
    private void completeSummary(String request) {
        tasklist.claimAndComplete();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> historyService
                    .createHistoricProcessInstanceQuery().processInstanceId(request).finished().count() == 1);
        } catch (RuntimeException e) {
            throw tasklist.failure("the summary was not completed", e);
        }
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(request).singleResult()
                .getEndActivityId()).isEqualTo("EndEvent_LinksHandled");
    }

    /** The one mail in the demo inbox, after the jobs ran; it must be addressed to {@code recipient}. */
    private MimeMessage onlyMail(String recipient) {
        MimeMessage mail = TestSmtp.awaitMessages(mailbox, 1)[0];
        EngineJobs.awaitNoDueJobs(managementService);
        assertThat(mailbox.messages()).hasSize(1);
        try {
            assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(recipient);
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
        return mail;
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private String text(String key) {
        return messages.getMessage(key, null, Locale.ENGLISH);
    }

    /** Long and random: no rule, breach list or strength estimate can refuse it. */
    static String strongPassword() {
        return "Tasklist-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(9)) + "-Otter";
    }
}

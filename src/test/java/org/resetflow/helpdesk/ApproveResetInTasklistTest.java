package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import jakarta.mail.internet.MimeMessage;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.resetflow.EngineJobs;
import org.resetflow.TestSmtp;
import org.resetflow.browser.Chromium;
import org.resetflow.browser.HeadlessChromium;
import org.resetflow.browser.RequiresChromium;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * "Approve reset" worked by clicking, in a real Chromium and the real Tasklist, with either choice: the form that
 * Tasklist submits gets past the guard on the reset's variables, the approved account gets its link and the rejected
 * reset ends. (The walkthrough test only opens the form.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=http://directory.invalid/scim/v2",
        TestSmtp.HOST,
        "camunda.bpm.admin-user.id=root", "camunda.bpm.admin-user.password=${random.uuid}",
        "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error"})
@RequiresChromium
// The webapps keep their engine in static fields, set by whichever context started last: a fresh one sets them (see
// WebappsWalkthroughTest).
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
class ApproveResetInTasklistTest {

    private static final String HOST = "resetflow.test";

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry);
    }

    @MockitoBean
    Directory directory;

    @Autowired
    IdentityService identityService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    HistoryService historyService;
    @Autowired
    TaskService taskService;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;

    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    @RegisterExtension
    static final Chromium chromium = Chromium.perTest(HOST).windowSize(1400, 2200).withCamundaWebapps();

    private final Tasklist webapps = new Tasklist(chromium);
    private HeadlessChromium browser;

    @BeforeEach
    void setUp() {
        TestSmtp.purge();
        DemoUsersRest.member(identityService, "helen", "helpdesk", password);
        browser = chromium.browser();
    }

    @Test
    void shouldLetTheHelpdeskApproveAndRejectByClickingInTasklist() {
        // Given bob, in the privileged group, asked for a reset, and it waits for the helpdesk
        String bobs = resetAwaitingApproval("bob");
        webapps.signIn("helen", password);

        // When helen opens it in Tasklist, chooses "Approve" and completes the task
        complete("Approve: send the reset link", null, bobs);

        // Then the approval is done and bob gets his link
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        MimeMessage[] mails = TestSmtp.awaitMessages(1);
        assertThat(mails).hasSize(1);
        assertThat(TestSmtp.text(mails[0])).contains("/reset/");
        assertThat(runtimeService.getActiveActivityIds(bobs)).containsExactly("Task_WaitForNewPassword");

        // And when dora's reset waits too, and helen rejects it with a reason
        String doras = resetAwaitingApproval("dora");
        browser.driver().navigate().refresh();
        complete("Reject: send nothing", "Could not reach the owner", doras);

        // Then dora's reset ends as rejected, and no other mail went out
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(doras).singleResult()
                .getEndActivityId()).isEqualTo("EndEvent_ResetRejected");
        assertThat(TestSmtp.server().getReceivedMessages()).hasSize(1);
    }

    /** Opens the reset's task in the list, picks a decision (and a reason), completes it, and waits until it is done. */
    private void complete(String decision, String reason, String reset) {
        WebDriver driver = browser.driver();
        String task = taskService.createTaskQuery().processInstanceId(reset).singleResult().getId();
        driver.get("http://" + HOST + "/camunda/app/tasklist/default/#/?task=" + task);
        try {
            // A candidate claims the task first, as Tasklist asks before it enables the form
            webapps.click(By.xpath("//*[self::a or self::button][normalize-space()='Claim']"));
            webapps.click(By.xpath("//label[contains(normalize-space(.), '" + decision + "')]"));
            if (reason != null) {
                webapps.patient().until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("textarea[id$='Field_ApprovalComment']"))).sendKeys(reason);
            }
            webapps.click(By.xpath("//button[normalize-space()='Complete']"));
            webapps.patient().until(d -> taskService.createTaskQuery().taskId(task).count() == 0);
        } catch (RuntimeException e) {
            browser.screenshot("approve-reset-" + reset);
            throw new AssertionError("The task was not completed; Tasklist shows: "
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    private String resetAwaitingApproval(String userName) {
        when(directory.findByUserName(userName)).thenReturn(List.of(new DirectoryAccount("id-" + userName, userName,
                // dora has no display name: an empty field Tasklist would send back as ""
                userName + "@example.org", userName.equals("dora") ? null : "Bob Brown", true,
                List.of("staff", "admins"))));
        resetRequests.request(userName, "192.0.2.44");
        String reset = EngineJobs.startQueuedResets(managementService, runtimeService, resetStarter).get(0);
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        assertThat(runtimeService.getActiveActivityIds(reset)).containsExactly("Task_ApproveReset");
        return reset;
    }
}

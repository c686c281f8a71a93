package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.resetflow.EngineRest;
import org.resetflow.TestSmtp;
import org.resetflow.browser.HeadlessChromium;
import org.resetflow.browser.RequiresChromium;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.resetflow.scim.Directory;
import org.resetflow.scim.DirectoryAccount;
import org.resetflow.scim.DirectoryException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The README's walkthrough, in a real Chromium: a helpdesk member opens an approval in Tasklist and sees the request's
 * facts in the Camunda Form; an admin opens a directory outage's incident in Cockpit and reads what failed. The
 * screenshots land in {@code target/screenshots} and are copied to {@code docs/screenshots} for the README.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=http://directory.invalid/scim/v2",
        TestSmtp.HOST,
        // The first admin, as an operator creates it: without one, the webapps offer Camunda's setup page instead.
        "camunda.bpm.admin-user.id=root", "camunda.bpm.admin-user.password=${random.uuid}",
        "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error"})
@RequiresChromium
// Camunda's webapps keep their engine and runtime delegates in static fields, set by whichever context started last
// (also one that then failed to start, as the startup tests' do). A context taken from the cache may find them
// pointing at a closed one: Tasklist then answered with the error page in the full suite. A fresh context sets them.
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
class WebappsWalkthroughTest {

    private static final String HOST = "resetflow.test";
    private static final Path DOCS = Path.of("docs", "screenshots");

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry);
    }

    @MockitoBean
    Directory directory;

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    ApplicationContext webappsContext;

    @BeforeAll
    static void forgetEarlierWebapps() {
        EngineRest.forgetEarlierWebapps();
    }
    @Autowired
    IdentityService identityService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;

    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private HeadlessChromium browser;

    @BeforeEach
    void setUp() {
        EngineRest.useEngineOf(processEngine);
        EngineRest.useWebappsOf(webappsContext);
        member("helen", "Helen", "helpdesk");
        member("adam", "Adam", "admins");
        browser = HeadlessChromium.start(HOST, port);
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1400, 900));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void shouldShowTheHelpdeskItsApprovalAndTheAdminAnIncidentThatSaysWhatFailed() throws IOException {
        // Given bob, in the privileged group, asked for a reset, and carol's look-up hit a directory outage
        when(directory.findByUserName("bob")).thenReturn(List.of(new DirectoryAccount("id-bob", "bob",
                "bob@example.org", "Bob Brown", true, List.of("staff", "admins"))));
        when(directory.findByUserName("carol")).thenThrow(new DirectoryException(
                "Directory directory.invalid failed to look up an account: HTTP 503", 503));
        String bobs = start("bob");
        managementService.executeJob(job(bobs).getId());
        String carols = start("carol");
        while (job(carols).getRetries() > 0) {
            try {
                managementService.executeJob(job(carols).getId());
            } catch (DirectoryException expected) {
                // the outage, until the retries run out
            }
        }

        // When helen opens Tasklist and the approval task
        WebDriver driver = browser.driver();
        signIn("/camunda/app/tasklist/default/", "helen");
        patient().until(ExpectedConditions.elementToBeClickable(By.partialLinkText("Approve reset"))).click();
        try {
            patient().until(d -> "staff, admins".equals(
                    d.findElement(By.cssSelector("[id$='Field_AccountGroups']")).getDomProperty("value")));
        } catch (RuntimeException e) {
            browser.screenshot("walkthrough-no-form");
            throw e;
        }

        // Then the form shows the request's facts, and nothing of the self-service resets
        assertThat(driver.getPageSource()).contains("Approve: send the reset link").doesNotContain("carol");
        keep(browser.screenshot("tasklist-approve-reset"));

        // When adam opens the incident in Cockpit
        signOut();
        signIn("/camunda/app/cockpit/default/#/process-instance/" + carols + "/runtime?tab=incidents-tab", "adam");

        // Then it says which step failed and why
        patient().until(d -> d.getPageSource().contains("failed to look up an account: HTTP 503"));
        keep(browser.screenshot("cockpit-incident"));
    }

    private void signIn(String path, String user) {
        WebDriver driver = browser.driver();
        try {
            browser.openUntil("http://" + HOST + path,
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type='password']")));
        } catch (RuntimeException e) {
            browser.screenshot("walkthrough-no-sign-in-form");
            throw e;
        }
        driver.findElement(By.cssSelector("input[autocomplete='username'], input#inputUsername, input[type='text']"))
                .sendKeys(user);
        driver.findElement(By.cssSelector("input[type='password']")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type='submit']")).click();
        try {
            patient().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type='password']")));
        } catch (RuntimeException e) {
            browser.screenshot("walkthrough-sign-in-failed");
            throw e;
        }
    }

    /** Camunda's webapps load several megabytes of script; on a busy CI machine that takes longer than a page. */
    private org.openqa.selenium.support.ui.WebDriverWait patient() {
        return new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(90));
    }

    private void signOut() {
        browser.driver().manage().deleteAllCookies();
    }

    private static void keep(Path screenshot) throws IOException {
        Files.createDirectories(DOCS);
        Files.copy(screenshot, DOCS.resolve(screenshot.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private String start(String identifier) {
        resetRequests.request(identifier, "192.0.2.44");
        return resetStarter.startQueued().get(0);
    }

    private Job job(String reset) {
        return managementService.createJobQuery().processInstanceId(reset).messages().singleResult();
    }

    private void member(String id, String name, String group) {
        User user = identityService.createUserQuery().userId(id).singleResult();
        if (user == null) {
            user = identityService.newUser(id);
            user.setFirstName(name);
        }
        user.setPassword(password);
        identityService.saveUser(user);
        if (identityService.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
            identityService.createMembership(id, group);
        }
    }
}

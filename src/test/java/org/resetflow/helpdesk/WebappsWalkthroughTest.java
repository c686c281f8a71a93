package org.resetflow.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.resetflow.TestSmtp;
import org.resetflow.browser.Chromium;
import org.resetflow.browser.HeadlessChromium;
import org.resetflow.browser.RequiresChromium;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.DirectoryException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
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
    ManagementService managementService;
    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;

    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    @RegisterExtension
    static final Chromium chromium = Chromium.perTest(HOST).windowSize(1400, 900).withCamundaWebapps();

    private final Tasklist webapps = new Tasklist(chromium);
    private HeadlessChromium browser;

    @BeforeEach
    void setUp() {
        DemoUsersRest.member(identityService, "helen", "helpdesk", password);
        DemoUsersRest.member(identityService, "adam", "admins", password);
        browser = chromium.browser();
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
        webapps.signInAt("/camunda/app/tasklist/default/", "helen", password);
        webapps.patient().until(ExpectedConditions.elementToBeClickable(By.partialLinkText("Approve reset"))).click();
        try {
            webapps.patient().until(d -> "staff, admins".equals(
                    d.findElement(By.cssSelector("[id$='Field_AccountGroups']")).getDomProperty("value")));
        } catch (RuntimeException e) {
            browser.screenshot("walkthrough-no-form");
            throw e;
        }

        // Then the form shows the request's facts, and nothing of the self-service resets
        assertThat(driver.getPageSource()).contains("Approve: send the reset link").doesNotContain("carol");
        webapps.keep("tasklist-approve-reset");

        // When adam opens the incident in Cockpit
        webapps.signOut();
        webapps.signInAt("/camunda/app/cockpit/default/#/process-instance/" + carols + "/runtime?tab=incidents-tab",
                "adam", password);

        // Then it says which step failed and why
        webapps.patient().until(d -> d.getPageSource().contains("failed to look up an account: HTTP 503"));
        webapps.keep("cockpit-incident");
    }

    private String start(String identifier) {
        resetRequests.request(identifier, "192.0.2.44");
        return resetStarter.startQueued().get(0);
    }

    private Job job(String reset) {
        return managementService.createJobQuery().processInstanceId(reset).messages().singleResult();
    }
}

package org.resetflow.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.resetflow.PasswordResetProcess;
import org.resetflow.browser.Chromium;
import org.resetflow.browser.HeadlessChromium;
import org.resetflow.browser.RequiresChromium;
import org.resetflow.helpdesk.DemoUsersRest;
import org.resetflow.helpdesk.Tasklist;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The README's outage walk-through in a real Chromium, as a newcomer does it in demo mode: the switch on
 * {@code /demo/directory} makes the demo directory answer 503, a reset's look-up fails, its retries are used up (the
 * REST call the README shows instead of waiting the retry cycle's 12½ minutes), demoadmin sees the incident in
 * Cockpit, switches the outage off, clicks Retry, and the reset goes on: the mail arrives. The mail server's switch
 * makes the reset mail fail the same way until it is switched back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + DemoOutageTest.PUBLIC_BASE,
        "resetflow.demo.admin-password=" + DemoOutageTest.ADMIN,
        "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error"})
@RequiresChromium
// Camunda's webapps keep their engine in static fields, set by whichever context started last; a cached context may
// find them pointing at a closed one (see WebappsWalkthroughTest). A fresh context sets them.
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
class DemoOutageTest {

    static final String PUBLIC_HOST = "resetflow.test";
    static final String PUBLIC_BASE = "http://" + PUBLIC_HOST;
    static final String ADMIN = "demoadmin";

    @LocalServerPort
    int port;
    @Autowired
    DemoMailbox mailbox;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    MessageSource messages;

    @RegisterExtension
    static final Chromium chromium = Chromium.perTest(PUBLIC_HOST).windowSize(1400, 900).withCamundaWebapps();

    private HeadlessChromium browser;
    private final Tasklist webapps = new Tasklist(chromium);
    private WebDriver page;
    private DemoUsersRest rest;

    @BeforeEach
    void startBrowser() {
        mailbox.purge();
        browser = chromium.browser();
        page = browser.driver();
        rest = new DemoUsersRest(port);
    }

    @AfterEach
    void servicesBack() {
        // Whatever happened, the demo's services are back for the next test.
        page.get(PUBLIC_BASE + "/demo/directory");
        for (String service : List.of("directory", "mail")) {
            if (!page.findElements(By.id(service + "-outage-off")).isEmpty()) {
                page.findElement(By.id(service + "-outage-off")).click();
            }
        }
    }

    @Test
    void shouldWalkADirectoryOutageFromIncidentToRetryInCockpit() throws Exception {
        // Given the directory's outage switched on, on the demo directory page
        page.get(PUBLIC_BASE + "/demo/directory");
        page.findElement(By.id("directory-outage-on")).click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("directory-outage-off")));
        assertThat(page.findElement(By.id("directory-status")).getText()).contains("503");

        // When alice asks for a reset
        page.get(PUBLIC_BASE + "/");
        page.findElement(By.id("identifier")).sendKeys("alice", Keys.ENTER);
        browser.await().until(textToBe(By.tagName("h1"), text("sent.title")));

        // Then the look-up fails on the outage, and is retried later
        Job lookUp = await("the look-up to fail on the outage", () -> managementService.createJobQuery()
                .withException().list().stream()
                .filter(job -> job.getExceptionMessage() != null && job.getExceptionMessage().contains("503"))
                .findFirst().orElse(null));
        String reset = lookUp.getProcessInstanceId();

        // When the newcomer uses up its retries with the call the README shows (instead of waiting 12½ minutes)
        DemoUsersRest.Answer failing =
                rest.call(ADMIN, "GET", "/job?withException=true&processInstanceId=" + reset, null);
        JsonNode jobs = new ObjectMapper().readTree(failing.body());
        assertThat(jobs).hasSize(1);
        String jobId = jobs.get(0).path("id").asText();
        // (the job executor may be running its next attempt just then: the call waits for it, or is refused and sent
        // again, as the README says)
        webapps.patient().withMessage("the incident after the retries were set to 0").until(d -> {
            DemoUsersRest.Answer usedUp = rest.call(ADMIN, "PUT", "/job/" + jobId + "/retries", "{\"retries\":0}");
            return usedUp.status() == 204
                    && runtimeService.createIncidentQuery().processInstanceId(reset).count() == 1;
        });

        // Then demoadmin sees the incident in Cockpit, with the directory's answer
        webapps.signInAt("/camunda/app/cockpit/default/#/process-instance/" + reset + "/runtime?tab=incidents-tab",
                ADMIN, ADMIN);
        webapps.patient().until(d -> d.getPageSource().contains("HTTP 503"));
        browser.screenshot("demo-outage-cockpit-incident");

        // When the outage is switched off and demoadmin clicks Retry on the incident
        page.get(PUBLIC_BASE + "/demo/directory");
        page.findElement(By.id("directory-outage-off")).click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("directory-outage-on")));
        page.get(PUBLIC_BASE + "/camunda/app/cockpit/default/#/process-instance/" + reset
                + "/runtime?tab=incidents-tab");
        webapps.patient().until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("a[ng-click='openJobRetryDialog(incident)']"))).click();
        webapps.patient().until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("button[ng-click='incrementRetry()']"))).click();
        webapps.patient().until(d -> managementService.createJobQuery().processInstanceId(reset).noRetriesLeft()
                .count() == 0);
        browser.screenshot("demo-outage-cockpit-retried");

        // Then the batch goes on: alice's mail arrives, the reset it started for her waits for her new password, and
        // the batch's incident is gone (the failing job belongs to the request intake, which starts resets only for
        // accounts it found)
        MimeMessage[] mails = awaitMailTo("alice@example.org");
        assertThat(mails).isNotEmpty();
        webapps.patient().until(d -> runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                .variableValueEquals(PasswordResetProcess.VAR_ACCOUNT_USER_NAME, "alice").list().stream()
                .anyMatch(alices -> runtimeService.getActiveActivityIds(alices.getId())
                        .contains(PasswordResetProcess.TASK_WAIT_FOR_NEW_PASSWORD)));
        assertThat(runtimeService.createIncidentQuery().processInstanceId(reset).count()).isZero();
    }

    @Test
    void shouldFailTheResetMailWhileTheMailServerIsSwitchedOff() throws Exception {
        // Given the mail server's outage switched on
        page.get(PUBLIC_BASE + "/demo/directory");
        page.findElement(By.id("mail-outage-on")).click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("mail-outage-off")));
        assertThat(page.findElement(By.id("mail-status")).getText()).isNotBlank();

        // When bob asks for a reset
        page.get(PUBLIC_BASE + "/");
        page.findElement(By.id("identifier")).sendKeys("bob", Keys.ENTER);
        browser.await().until(textToBe(By.tagName("h1"), text("sent.title")));

        // Then his reset mail fails and waits for a retry; nothing arrived
        Job mail = await("the reset mail to fail on the outage", () -> managementService.createJobQuery()
                .withException().list().stream()
                .filter(job -> job.getExceptionMessage() != null
                        && job.getExceptionMessage().contains("Could not send the 'reset-link' mail"))
                .findFirst().orElse(null));
        assertThat(mailsTo("bob@example.org")).isEmpty();

        assertThat(mail.getRetries()).as("retries left").isPositive();

        // When the outage is switched off before the next attempt (30 seconds after the first)
        page.get(PUBLIC_BASE + "/demo/directory");
        page.findElement(By.id("mail-outage-off")).click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("mail-outage-on")));

        // Then that attempt sends the mail
        assertThat(awaitMailTo("bob@example.org")).isNotEmpty();
    }

    private MimeMessage[] awaitMailTo(String address) {
        return webapps.patient().withMessage("a mail to " + address).until(d -> {
            MimeMessage[] to = mailsTo(address);
            return to.length == 0 ? null : to;
        });
    }

    private MimeMessage[] mailsTo(String address) {
        return mailbox.messages().stream().filter(mail -> {
            try {
                return mail.getAllRecipients()[0].toString().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toArray(MimeMessage[]::new);
    }

    private <T> T await(String what, java.util.function.Supplier<T> probe) {
        return webapps.patient().withMessage(what).until(d -> probe.get());
    }

    private String text(String key) {
        return messages.getMessage(key, null, Locale.ENGLISH);
    }
}

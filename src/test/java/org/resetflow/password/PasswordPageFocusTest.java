package org.resetflow.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;

import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.resetflow.EngineJobs;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.browser.Chromium;
import org.resetflow.browser.HeadlessChromium;
import org.resetflow.browser.RequiresChromium;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Where the keyboard starts on the password page, in a real headless Chromium: in the first password field when the
 * link opens the page, and on the error summary when a refused password brings it back (the GOV.UK pattern: the
 * summary is read first and links to the field).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + PasswordPageFocusTest.PUBLIC_BASE,
        "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error"})
@RequiresChromium
class PasswordPageFocusTest {

    static final String PUBLIC_HOST = "resetflow.test";
    static final String PUBLIC_BASE = "http://" + PUBLIC_HOST;

    @LocalServerPort
    int port;
    @Autowired
    DemoDirectory directory;
    @Autowired
    DemoMailbox mailbox;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetStarter resetStarter;

    @RegisterExtension
    static final Chromium chromium = Chromium.perTest(PUBLIC_HOST);

    private HeadlessChromium browser;
    private WebDriver page;

    @BeforeEach
    void startBrowser() {
        directory.reset();
        EngineJobs.awaitIdle(managementService, resetStarter);
        mailbox.purge();
        browser = chromium.browser();
        page = browser.driver();
    }

    @Test
    void shouldStartInTheFirstPasswordFieldThenOnTheErrorSummaryAfterARefusal() {
        // Given alice's reset link
        String link = PUBLIC_BASE + "/reset/" + requestLinkFor("alice");

        // When she opens it
        page.get(link);
        browser.await().until(textToBe(By.tagName("h1"), "Choose a new password"));

        // Then what she types goes into the new password field, without a single Tab
        assertThat(focusedId()).isEqualTo("password");

        // When she submits a password the rules refuse
        page.findElement(By.id("password")).sendKeys("password1");
        page.findElement(By.id("confirmPassword")).sendKeys("password1");
        page.findElement(By.cssSelector("#password-form button[type=submit]")).click();
        browser.await().until(driver -> !driver.findElements(By.id("error-summary")).isEmpty());

        // Then the page comes back with the error summary focused, and its link leads to the field
        assertThat(focusedId()).isEqualTo("error-summary");
        assertThat(page.findElement(By.cssSelector("#error-summary a")).getAttribute("href")).endsWith("#password");
    }

    private String focusedId() {
        return (String) ((JavascriptExecutor) page).executeScript("return document.activeElement.id");
    }

    private String requestLinkFor(String identifier) {
        WebSession http = new WebSession("http://localhost:" + port);
        http.get("/");
        assertThat(http.post("/request", Map.of("identifier", identifier)).status()).isEqualTo(200);
        EngineJobs.awaitIdle(managementService, resetStarter);
        return TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], PUBLIC_BASE);
    }
}

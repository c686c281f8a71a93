package org.resetflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;

import java.util.List;
import java.util.logging.Level;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.resetflow.browser.HeadlessChromium;
import org.resetflow.browser.RequiresChromium;
import org.resetflow.demo.DemoDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The demo-mode reset as a person does it, in a real headless Chromium: the demo directory and the demo inbox, no
 * JavaScript on any page but the bot defence's widget on the request form, whose proof of work the browser solves. Mails carry links to {@value #PUBLIC_BASE}; inside the browser that host is mapped to the
 * application's random port, so the link in the mail is clicked exactly as it was sent. Every page must work under
 * the application's Content-Security-Policy ({@code default-src 'none'}) without a single console error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                // A fixed base: "${local.server.port}" is not known yet when the properties are bound.
                "resetflow.public-base-url=" + BrowserJourneyTest.PUBLIC_BASE,
                // The request form's proof of work: the browser must solve it, or no reset would start.
                "resetflow.bot-defence.enabled=true",
                // Selenium looks for a DevTools binding for this Chromium; the test needs none.
                "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error"})
@RequiresChromium
class BrowserJourneyTest {

    static final String PUBLIC_HOST = "resetflow.test";
    static final String PUBLIC_BASE = "http://" + PUBLIC_HOST;

    /** {@code --bg} of resetflow.css: the stylesheet was loaded, so the policy let it through. */
    private static final String STYLED_BACKGROUND = "rgba(246, 247, 251, 1)";

    /**
     * Chromium reports every page answered with an error status as a console error. These two are known: a rejected
     * password is answered with 422 by design, and the application has no favicon (yet), which the browser asks for.
     */
    private static final List<String> EXPECTED_CONSOLE_ERRORS = List.of(
            PUBLIC_BASE + "/reset - Failed to load resource: the server responded with a status of 422");

    @LocalServerPort
    int port;

    @Autowired
    DemoDirectory directory;

    @Autowired
    RuntimeService runtimeService;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    private HeadlessChromium browser;

    @BeforeEach
    void startBrowser() {
        browser = HeadlessChromium.start(PUBLIC_HOST, port);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void shouldResetAlicesPasswordInARealBrowser() {
        WebDriver page = browser.driver();
        String weak = "password1";
        String strong = "Lantern-Orchid-Gravel-47";

        // Given alice asks for a reset on the start page
        page.get(PUBLIC_BASE + "/");
        assertStyled(page);
        page.findElement(By.name("identifier")).sendKeys("alice");
        // (the form carries the bot defence's widget, which solves its challenge when the form is sent)
        assertThat(page.findElements(By.cssSelector("main form altcha-widget"))).hasSize(1);
        browser.screenshot("request-page");
        page.findElement(By.cssSelector("main form button[type=submit]")).click();
        browser.await().until(textToBe(By.tagName("h1"), "Check your mail"));
        assertThat(usedSolutions()).as("proof-of-work solutions taken").isEqualTo(1);
        assertStyled(page);

        // When the reset waits for her new password (the mail leaves just before that commits)
        browser.await().withMessage("the reset to wait at 'Wait for new password'").until(engine ->
                runtimeService.createExecutionQuery().processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                        .activityId(PasswordResetProcess.TASK_WAIT_FOR_NEW_PASSWORD).count() == 1);

        // ... and she clicks the link in the newest mail of the demo inbox
        page.get(PUBLIC_BASE + "/demo/inbox");
        assertStyled(page);
        WebElement newestMail = page.findElement(By.cssSelector("main article"));
        assertThat(newestMail.findElement(By.tagName("h2")).getText()).isEqualTo("Reset your password");
        assertThat(newestMail.findElement(By.tagName("dd")).getText()).isEqualTo("alice@example.org");
        WebElement link = newestMail.findElement(By.cssSelector("pre a"));
        assertThat(link.getAttribute("href")).startsWith(PUBLIC_BASE + "/reset/");
        link.click();
        browser.await().until(textToBe(By.tagName("h1"), "Choose a new password"));
        assertStyled(page);
        browser.screenshot("password-page");

        // ... first with a weak password
        choosePassword(page, weak);
        WebElement rejection = browser.await().until(driver -> driver.findElement(By.id("rejection")));
        assertThat(rejection.getText()).contains("The password is too easy to guess.");
        assertThat(rejection.getCssValue("color")).isEqualTo("rgba(179, 38, 30, 1)");
        browser.screenshot("password-page-rejected");

        // ... then with a strong one
        choosePassword(page, strong);
        browser.await().until(textToBe(By.tagName("h1"), "Your password was changed"));
        assertStyled(page);

        // Then the demo directory shows a password change for alice, and really holds the new password
        page.get(PUBLIC_BASE + "/demo/directory");
        assertStyled(page);
        WebElement changed = page.findElement(
                By.xpath("//tbody/tr[td[1][normalize-space()='alice']]/td[4]"));
        assertThat(changed.findElements(By.tagName("time"))).hasSize(1);
        assertThat(changed.findElement(By.tagName("time")).getAttribute("datetime")).isNotBlank();
        String alice = directory.idOf("alice").orElseThrow();
        assertThat(directory.passwordMatches(alice, strong)).isTrue();
        assertThat(directory.passwordMatches(alice, weak)).isFalse();

        // And no page logged an error or a Content-Security-Policy violation in the browser
        assertThat(browser.console()).noneSatisfy(entry -> assertThat(isProblem(entry)).isTrue());

        // (and such a violation would have been seen: an inline style is refused by this policy)
        ((JavascriptExecutor) page).executeScript("document.body.setAttribute('style', 'color: red')");
        browser.await().withMessage("the browser to report the refused inline style").until(driver ->
                browser.console().stream().anyMatch(entry -> isProblem(entry)
                        && entry.getMessage().contains("violates the following Content Security Policy directive 'style-src 'self''")));
    }

    private long usedSolutions() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM rf_bot_solution", Long.class);
        return count == null ? 0 : count;
    }

    private static void choosePassword(WebDriver page, String password) {
        for (String field : List.of("password", "confirmPassword")) {
            WebElement input = page.findElement(By.id(field));
            input.clear();
            input.sendKeys(password);
        }
        page.findElement(By.cssSelector("main form button[type=submit]")).click();
    }

    private static void assertStyled(WebDriver page) {
        assertThat(page.findElement(By.tagName("body")).getCssValue("background-color")).isEqualTo(STYLED_BACKGROUND);
    }

    private static boolean isProblem(LogEntry entry) {
        boolean problem = entry.getLevel().intValue() >= Level.WARNING.intValue()
                || entry.getMessage().contains("Content Security Policy");
        return problem && EXPECTED_CONSOLE_ERRORS.stream().noneMatch(entry.getMessage()::startsWith);
    }
}

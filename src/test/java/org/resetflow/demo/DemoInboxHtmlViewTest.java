package org.resetflow.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;

import java.util.Locale;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.resetflow.TestSmtp;
import org.resetflow.browser.Chromium;
import org.resetflow.browser.HeadlessChromium;
import org.resetflow.browser.RequiresChromium;
import org.resetflow.request.ResetRequests;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.MessageSource;

/**
 * The demo inbox's HTML view as a newcomer uses it: the mail looks as a mail program shows it (its inline styles
 * apply, no Content-Security-Policy error), and its link opens the real password page, not a blocked frame.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + DemoInboxHtmlViewTest.PUBLIC_BASE,
        "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error"})
@RequiresChromium
class DemoInboxHtmlViewTest {

    static final String PUBLIC_HOST = "resetflow.test";
    static final String PUBLIC_BASE = "http://" + PUBLIC_HOST;

    /** The link's inline style in mail/reset-link.html: {@code color: #2457d6}. */
    private static final String MAIL_LINK_COLOUR = "rgba(36, 87, 214, 1)";

    @Autowired
    DemoMailbox mailbox;
    @Autowired
    ResetRequests resetRequests;
    @Autowired
    MessageSource messages;

    @RegisterExtension
    static final Chromium chromium = Chromium.perTest(PUBLIC_HOST);

    private HeadlessChromium browser;

    @BeforeEach
    void startBrowser() {
        mailbox.purge();
        browser = chromium.browser();
    }

    @Test
    void shouldShowTheMailAsAMailProgramDoesAndOpenTheRealPageFromItsLink() {
        // Given alice asked for a reset and her mail is in the demo inbox
        resetRequests.request("alice", "192.0.2.1");
        TestSmtp.awaitMessages(mailbox, 1);
        WebDriver page = browser.driver();
        page.get(PUBLIC_BASE + "/demo/inbox");

        // When she opens the HTML version
        page.findElement(By.cssSelector("main article a[href*='/html']")).click();
        browser.await().until(driver -> driver.findElements(By.tagName("iframe")).size() == 1);

        // Then the mail is styled as its author wrote it, and the view logged no error and no policy violation
        page.switchTo().frame(page.findElement(By.tagName("iframe")));
        WebElement link = browser.await().until(driver -> driver.findElement(By.cssSelector("a[href*='/reset/']")));
        assertThat(link.getCssValue("color")).as("the mail's inline style applies").isEqualTo(MAIL_LINK_COLOUR);
        browser.screenshot("demo-inbox-html-view");
        assertThat(browser.console()).noneSatisfy(entry -> assertThat(isProblem(entry)).as(entry.toString()).isTrue());

        // When she clicks "Choose a new password" in the mail
        link.click();

        // Then the real password page opens, in the window, not a blocked frame
        page.switchTo().defaultContent();
        browser.await().withMessage("the password page to open from the mail's link")
                .until(textToBe(By.tagName("h1"), messages.getMessage("password.title", null, Locale.ENGLISH)));
        assertThat(page.getCurrentUrl()).startsWith(PUBLIC_BASE + "/reset/");
        assertThat(page.findElements(By.id("password"))).hasSize(1);
        assertThat(browser.console()).noneSatisfy(entry -> assertThat(isProblem(entry)).as(entry.toString()).isTrue());
    }

    private static boolean isProblem(LogEntry entry) {
        return entry.getLevel().intValue() >= Level.WARNING.intValue()
                || entry.getMessage().contains("Content Security Policy");
    }
}

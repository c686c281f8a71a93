package org.resetflow.botdefence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.resetflow.browser.Axe;
import org.resetflow.browser.Chromium;
import org.resetflow.browser.HeadlessChromium;
import org.resetflow.browser.RequiresChromium;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The bot defence's widget in each state a person can meet on the request page, read by axe-core in the browser:
 * every text at least 4.5:1 against its background, the error included. A state is put on the widget through its
 * own API ({@code setState}), as its script does when the challenge cannot be fetched, is being solved, was solved or
 * has expired; the texts are the ones the page configured.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + BotDefenceWidgetContrastTest.PUBLIC_BASE,
        "resetflow.bot-defence.enabled=true",
        "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error"})
@RequiresChromium
class BotDefenceWidgetContrastTest {

    static final String PUBLIC_HOST = "resetflow.test";
    static final String PUBLIC_BASE = "http://" + PUBLIC_HOST;

    @RegisterExtension
    static final Chromium chromium = Chromium.perTest(PUBLIC_HOST);

    private HeadlessChromium browser;

    @BeforeEach
    void startBrowser() {
        browser = chromium.browser();
    }

    @ParameterizedTest
    @ValueSource(strings = {"unverified", "verifying", "verified", "expired", "error"})
    void shouldKeepEveryTextOfTheWidgetReadable(String state) {
        // Given the request page with the widget ready
        WebDriver page = browser.driver();
        page.get(PUBLIC_BASE + "/");
        browser.await().until(driver -> !driver.findElements(By.cssSelector("altcha-widget .altcha[data-state]"))
                .isEmpty());

        // When the widget is in the state (an error as when the challenge cannot be fetched)
        ((JavascriptExecutor) page).executeScript(
                "document.querySelector('altcha-widget').setState(arguments[0], arguments[1])",
                state, "error".equals(state) ? "Failed to fetch" : null);
        browser.await().until(driver -> !driver.findElements(
                By.cssSelector("altcha-widget .altcha[data-state='" + state + "']")).isEmpty());
        if ("error".equals(state)) {
            assertThat(page.findElement(By.cssSelector("altcha-widget .altcha-error")).getText()).isNotBlank();
        }
        browser.screenshot("bot-defence-widget-" + state);

        // Then axe-core finds no contrast problem and nothing else serious on the page
        List<Axe.Violation> violations = Axe.check(page);
        assertThat(violations).as("axe-core with the widget " + state)
                .noneMatch(violation -> violation.rule().equals("color-contrast"))
                .noneMatch(Axe.Violation::seriousOrWorse);
    }
}

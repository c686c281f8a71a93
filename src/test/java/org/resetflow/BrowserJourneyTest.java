package org.resetflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.resetflow.browser.Axe;
import org.resetflow.browser.Chromium;
import org.resetflow.browser.HeadlessChromium;
import org.resetflow.browser.RequiresChromium;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;

/**
 * The demo-mode reset as a person does it, in a real headless Chromium, in English and in German: the language
 * switch, the request page with the bot defence's proof of work solved by the browser, the demo inbox, the link, the rules and the strength meter, a weak password refused with
 * its reason beside the field, a strong one accepted, then the used link and an expired one. Mostly by keyboard
 * (autofocus, Tab order, Enter). Mails carry links to {@value #PUBLIC_BASE}; inside the browser that host is mapped
 * to the application's random port, so the link in the mail is clicked exactly as it was sent.
 *
 * <p>On every page and every outcome, axe-core runs in the browser (no serious or critical violation allowed) and
 * the page must reflow at 320 and 640 CSS pixels (400 % and 200 % zoom of a 1280 px window) without sideways
 * scrolling. Screenshots at desktop and phone width go to {@code target/screenshots/}, the axe results of every page
 * to {@code target/accessibility/axe-report.md}. Every page must work under the application's
 * Content-Security-Policy without a console error, except the statuses the outcomes are answered with by design.
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
     * Chromium reports every page answered with an error status as a console error. These are the outcomes answered
     * so by design: a refused identifier (400), a refused password (422), a link that no longer works (410) and an
     * unknown page (403: the public pages' security chain refuses every path it does not know, before any
     * controller could tell whether it exists).
     */
    private static final List<Pattern> EXPECTED_CONSOLE_ERRORS = List.of(
            Pattern.compile(Pattern.quote(PUBLIC_BASE) + "/request - Failed to load resource: the server responded "
                    + "with a status of 400"),
            Pattern.compile(Pattern.quote(PUBLIC_BASE) + "/reset - Failed to load resource: the server responded "
                    + "with a status of 422"),
            Pattern.compile(Pattern.quote(PUBLIC_BASE) + "/reset/[A-Za-z0-9_-]{43} - Failed to load resource: the "
                    + "server responded with a status of 410"),
            Pattern.compile(Pattern.quote(PUBLIC_BASE) + "/no-such-page - Failed to load resource: the server "
                    + "responded with a status of 404"));

    private static final String WEAK = "password1";
    private static final String STRONG = "Lantern-Orchid-Gravel-47";

    /** Page and language to what axe found there, for the report. */
    private static final Map<String, List<Axe.Violation>> AXE_RESULTS = new TreeMap<>();

    @LocalServerPort
    int port;

    @Autowired
    DemoDirectory directory;

    @Autowired
    DemoMailbox mailbox;

    @Autowired
    RuntimeService runtimeService;

    @Autowired
    ManagementService managementService;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Autowired
    MessageSource messages;

    @RegisterExtension
    static final Chromium chromium = Chromium.perTest(PUBLIC_HOST);

    private HeadlessChromium browser;
    private WebDriver page;
    private Locale locale;
    private String language;

    @BeforeEach
    void startBrowser() {
        browser = chromium.browser();
        page = browser.driver();
    }

    @AfterAll
    static void writeAxeReport() throws IOException {
        StringBuilder report = new StringBuilder("| page | language | axe-core violations |\n|---|---|---|\n");
        AXE_RESULTS.forEach((key, violations) -> report.append("| ").append(key.replace(" ", " | ")).append(" | ")
                .append(violations.isEmpty() ? "none" : violations.toString().replace("|", "/")).append(" |\n"));
        Path file = Path.of("target", "accessibility", "axe-report.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void shouldResetAlicesPasswordInARealBrowser(String language) throws Exception {
        this.language = language;
        this.locale = Locale.forLanguageTag(language);

        // Given alice on the start page, switching to her language with the plain link in the header
        page.get(PUBLIC_BASE + "/");
        assertStyled();
        page.findElement(By.cssSelector("nav.languages a[hreflang=" + language + "]")).click();
        browser.await().until(textToBe(By.tagName("h1"), text("request.title")));
        assertThat(page.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
        checkPage("request-form");

        // When she sends only spaces, with the keyboard: the field has the focus, Enter submits
        assertThat(focusedId()).isEqualTo("identifier");
        page.switchTo().activeElement().sendKeys("   ", Keys.ENTER);

        // Then the error summary has the focus and says what is wrong; the field is described by it
        browser.await().until(driver -> driver.findElements(By.id("error-summary")).size() == 1);
        assertThat(focusedId()).isEqualTo("error-summary");
        assertThat(page.findElement(By.id("identifier-error")).getText()).isEqualTo(text("request.invalid"));
        assertThat(page.findElement(By.id("identifier")).getAttribute("aria-describedby")).contains("identifier-error");
        checkPage("request-form-refused");

        // When she tabs to the field and asks for alice, again by keyboard; the form carries the bot defence's
        // widget, which solves its proof of work when the form is sent
        assertThat(page.findElements(By.cssSelector("main form altcha-widget"))).hasSize(1);
        long solutionsBefore = usedSolutions();
        awaitBotDefenceWidget();
        page.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(focusedId()).isEqualTo("identifier");
        page.switchTo().activeElement().sendKeys("alice", Keys.ENTER);
        browser.await().until(textToBe(By.tagName("h1"), text("sent.title")));
        assertThat(usedSolutions() - solutionsBefore).as("proof-of-work solutions taken").isEqualTo(1);
        checkPage("request-sent");

        // ... the reset waits for her new password (the mail leaves just before that commits)
        awaitWaitingReset("alice");

        // ... and she clicks the link in the newest mail of the demo inbox, which speaks her language
        page.get(PUBLIC_BASE + "/demo/inbox");
        assertThat(page.findElement(By.id("demo-banner")).isDisplayed()).isTrue();
        WebElement newestMail = page.findElement(By.cssSelector("main article"));
        assertThat(newestMail.findElement(By.tagName("h2")).getText()).isEqualTo(text("mail.reset.subject"));
        assertThat(newestMail.findElement(By.tagName("dd")).getText()).isEqualTo("alice@example.org");
        checkPage("demo-inbox");
        WebElement link = newestMail.findElement(By.cssSelector("pre a"));
        String resetLink = link.getAttribute("href");
        assertThat(resetLink).startsWith(PUBLIC_BASE + "/reset/");
        link.click();
        browser.await().until(textToBe(By.tagName("h1"), text("password.title")));

        // Then the rules are there before she types, and the script added the meter and the show option
        assertThat(page.findElements(By.cssSelector("#local-rules li"))).hasSize(3);
        assertThat(page.findElement(By.id("password")).getAttribute("aria-describedby")).contains("rules");
        browser.await().until(driver -> driver.findElement(By.id("meter")).isDisplayed());
        assertThat(page.findElement(By.id("meter-text")).getText()).isEqualTo(text("password.meter.empty"));
        assertThat(page.findElement(By.id("show-password")).isDisplayed()).isTrue();
        assertScriptIntegrity();
        checkPage("password-form");

        // When she types a weak password, the meter says so as she types
        WebElement password = page.findElement(By.id("password"));
        password.click();
        password.sendKeys(WEAK);
        browser.await().until(driver -> driver.findElement(By.id("meter")).getAttribute("data-score") != null);
        assertThat(page.findElement(By.id("meter")).getAttribute("data-enough")).isEqualTo("false");
        int weakScore = Integer.parseInt(page.findElement(By.id("meter")).getAttribute("data-score"));
        assertThat(page.findElement(By.id("meter-text")).getText()).isEqualTo(text("password.meter.score" + weakScore));

        // ... and the keyboard takes her through the form in order, showing the passwords on Space
        password.sendKeys(Keys.TAB);
        assertThat(focusedId()).isEqualTo("confirmPassword");
        page.switchTo().activeElement().sendKeys(WEAK, Keys.TAB);
        assertThat(focusedId()).isEqualTo("show-passwords");
        page.switchTo().activeElement().sendKeys(Keys.SPACE);
        assertThat(password.getAttribute("type")).isEqualTo("text");
        page.switchTo().activeElement().sendKeys(Keys.SPACE);
        assertThat(password.getAttribute("type")).isEqualTo("password");
        page.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(page.switchTo().activeElement().getTagName()).isEqualTo("button");
        browser.screenshot("password-meter-" + language);

        // ... and sends it with Enter
        page.switchTo().activeElement().sendKeys(Keys.ENTER);

        // Then it is refused: the summary has the focus, and the reason stands beside the field, which it describes
        browser.await().until(driver -> driver.findElements(By.id("password-error")).size() == 1);
        assertThat(focusedId()).isEqualTo("error-summary");
        assertThat(page.findElement(By.id("password-error")).getText()).contains(text("password.rejected.too-weak"));
        assertThat(page.findElement(By.id("password")).getAttribute("aria-describedby")).contains("password-error");
        assertThat(page.findElement(By.id("password")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.findElement(By.id("rejection")).getCssValue("color")).isEqualTo("rgba(179, 38, 30, 1)");
        checkPage("password-form-refused");

        // When she chooses a strong one (the meter agrees) and sends it
        password = page.findElement(By.id("password"));
        password.sendKeys(STRONG);
        browser.await().until(driver -> "true".equals(driver.findElement(By.id("meter")).getAttribute("data-enough")));
        password.sendKeys(Keys.TAB);
        page.switchTo().activeElement().sendKeys(STRONG, Keys.ENTER);

        // Then her password is changed
        browser.await().until(textToBe(By.tagName("h1"), text("done.title")));
        checkPage("password-changed");
        String alice = directory.idOf("alice").orElseThrow();
        assertThat(directory.passwordMatches(alice, STRONG)).isTrue();

        // ... and the used link opens nothing any more
        page.get(resetLink);
        browser.await().until(textToBe(By.tagName("h1"), text("invalidlink.title")));
        checkPage("link-used");

        // ... and the demo directory shows the change, the inbox the confirmation in her language
        page.get(PUBLIC_BASE + "/demo/directory");
        WebElement changed = page.findElement(By.xpath("//tbody/tr[td[1][normalize-space()='alice']]/td[4]"));
        assertThat(changed.findElement(By.tagName("time")).getAttribute("datetime")).isNotBlank();
        checkPage("demo-directory");
        TestSmtp.awaitMessages(mailbox, 2);
        page.get(PUBLIC_BASE + "/demo/inbox");
        WebElement confirmation = page.findElement(By.cssSelector("main article"));
        assertThat(confirmation.findElement(By.tagName("h2")).getText()).isEqualTo(text("mail.changed.subject"));
        confirmation.findElement(By.cssSelector("a[href*='/html']")).click();
        browser.await().until(driver -> driver.findElements(By.tagName("iframe")).size() == 1);
        checkPage("demo-mail-html");

        // And both mails, opened as a mail program shows HTML, pass axe-core too (reflow included)
        List<MimeMessage> mails = mailbox.messages();
        for (MimeMessage mail : mails.subList(mails.size() - 2, mails.size())) {
            String kind = mail.getSubject().equals(text("mail.reset.subject")) ? "mail-reset-link" : "mail-confirmation";
            page.get("data:text/html;charset=utf-8;base64,"
                    + Base64.getEncoder().encodeToString(htmlPart(mail).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(page.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
            checkMail(kind);
        }

        // And an expired link: bob asks, and his link's lifetime runs out before he opens it
        page.get(PUBLIC_BASE + "/");
        awaitBotDefenceWidget();
        page.switchTo().activeElement().sendKeys("bob", Keys.ENTER);
        browser.await().until(textToBe(By.tagName("h1"), text("sent.title")));
        String bobsReset = awaitWaitingReset("bob");
        String bobsLink = newestLinkTo("bob@example.org");
        Job timer = managementService.createJobQuery().processInstanceId(bobsReset).timers().singleResult();
        managementService.executeJob(timer.getId());
        page.get(bobsLink);
        browser.await().until(textToBe(By.tagName("h1"), text("invalidlink.title")));
        checkPage("link-expired");

        // And a page that does not exist
        page.get(PUBLIC_BASE + "/no-such-page");
        browser.await().until(textToBe(By.tagName("h1"), text("error.notFound.title")));
        checkPage("error-unknown-page");

        // (and axe-core would have seen a violation: an input without a label is a critical one)
        ((JavascriptExecutor) page).executeScript(
                "document.querySelector('main').appendChild(document.createElement('input'))");
        assertThat(Axe.check(page)).anySatisfy(violation -> assertThat(violation.rule()).isEqualTo("label"))
                .anyMatch(Axe.Violation::seriousOrWorse);

        // And no page logged an error or a Content-Security-Policy violation in the browser
        assertThat(browser.console()).noneSatisfy(entry -> assertThat(isProblem(entry)).as(entry.toString()).isTrue());

        // (and such a violation would have been seen: an inline style is refused by this policy)
        ((JavascriptExecutor) page).executeScript("document.body.setAttribute('style', 'color: red')");
        browser.await().withMessage("the browser to report the refused inline style").until(driver ->
                browser.console().stream().anyMatch(entry -> isProblem(entry)
                        && entry.getMessage().contains("violates the following Content Security Policy directive 'style-src 'self''")));
    }

    /**
     * A person sees the widget before sending; a script that presses Enter within milliseconds of the page loading
     * would send the form before the widget's module has run, and nothing would be there to solve the challenge.
     */
    private void awaitBotDefenceWidget() {
        browser.await().until(driver -> !driver.findElements(By.cssSelector("altcha-widget .altcha[data-state]"))
                .isEmpty());
    }

    private long usedSolutions() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM rf_bot_solution", Long.class);
        return count == null ? 0 : count;
    }

    /**
     * What every page and outcome must pass: styled under the policy, no serious or critical axe-core violation, and
     * a layout that reflows at 640 and 320 CSS pixels wide. Screenshots at desktop and phone width.
     */
    private void checkPage(String name) {
        assertStyled();
        List<Axe.Violation> violations = Axe.check(page);
        AXE_RESULTS.put(name + " " + language, violations);
        assertThat(violations).as("axe-core on " + name + " (" + language + ")")
                .noneMatch(Axe.Violation::seriousOrWorse);
        browser.screenshot(name + "-" + language + "-desktop");
        browser.assertReflows(name, name + "-" + language);
    }

    /** A mail's HTML: no style sheet of ResetFlow's, so only axe-core and the reflow are checked. */
    private void checkMail(String name) {
        List<Axe.Violation> violations = Axe.check(page);
        AXE_RESULTS.put(name + " " + language, violations);
        assertThat(violations).as("axe-core on " + name + " (" + language + ")")
                .noneMatch(Axe.Violation::seriousOrWorse);
        page.manage().window().setSize(new Dimension(320, 900));
        Number overflow = (Number) ((JavascriptExecutor) page).executeScript(
                "return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow.intValue()).as(name + " scrolls sideways at 320 px").isLessThanOrEqualTo(0);
        browser.screenshot(name + "-" + language + "-phone");
        page.manage().window().setSize(new Dimension(1280, 1024));
    }

    private static String htmlPart(jakarta.mail.Part part) throws Exception {
        Object content = part.getContent();
        if (content instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String html = htmlPart(multipart.getBodyPart(i));
                if (html != null) {
                    return html;
                }
            }
        }
        return part.isMimeType("text/html") ? (String) content : null;
    }

    /** The browser ran the served scripts only because their integrity values match what the server sends. */
    private void assertScriptIntegrity() throws Exception {
        for (WebElement script : page.findElements(By.cssSelector("script[src]"))) {
            String path = URI.create(script.getAttribute("src")).getPath();
            byte[] served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            String integrity = "sha384-" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-384").digest(served));
            assertThat(script.getAttribute("integrity")).as(path).isEqualTo(integrity);
        }
    }

    private String awaitWaitingReset(String userName) {
        List<String> waiting = new ArrayList<>();
        browser.await().withMessage("the reset of " + userName + " to wait at 'Wait for new password'").until(engine -> {
            waiting.clear();
            runtimeService.createProcessInstanceQuery().processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                    .variableValueEquals(PasswordResetProcess.VAR_ACCOUNT_USER_NAME, userName)
                    .activityIdIn(PasswordResetProcess.TASK_WAIT_FOR_NEW_PASSWORD).list()
                    .forEach(instance -> waiting.add(instance.getId()));
            return waiting.size() == 1;
        });
        return waiting.get(0);
    }

    private String newestLinkTo(String address) throws Exception {
        List<MimeMessage> mails = mailbox.messages();
        for (int i = mails.size() - 1; i >= 0; i--) {
            if (mails.get(i).getAllRecipients()[0].toString().equals(address)) {
                return PUBLIC_BASE + "/reset/" + TestSmtp.resetToken(mails.get(i), PUBLIC_BASE);
            }
        }
        throw new AssertionError("no mail to " + address);
    }

    private String text(String key) {
        return messages.getMessage(key, null, locale);
    }

    private String focusedId() {
        return page.switchTo().activeElement().getAttribute("id");
    }

    private void assertStyled() {
        assertThat(page.findElement(By.tagName("body")).getCssValue("background-color")).isEqualTo(STYLED_BACKGROUND);
    }

    private static boolean isProblem(LogEntry entry) {
        boolean problem = entry.getLevel().intValue() >= Level.WARNING.intValue()
                || entry.getMessage().contains("Content Security Policy");
        return problem && EXPECTED_CONSOLE_ERRORS.stream().noneMatch(
                expected -> expected.matcher(entry.getMessage()).lookingAt());
    }
}

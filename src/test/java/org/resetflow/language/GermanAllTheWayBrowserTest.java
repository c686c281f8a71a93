package org.resetflow.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.resetflow.PasswordResetProcess;
import org.resetflow.TestSmtp;
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
 * A German reset as a person walks it, in a real headless Chromium, with the demo directory speaking Ping's dialect
 * (so it has rules of its own and refuses with its own words): the request page, its bot-defence widget failing to
 * reach the server, a refused identifier, the mail in the demo inbox, the link, the strength meter's advice, a weak
 * password refused, a very common one refused, the directory's refusal, the new password set, the used link.
 *
 * <p>On every page state it reads what a person can see or hear (visible text, the page title, tooltips, accessible
 * names, placeholders) and finds no English sentence from ResetFlow or its libraries: none of ResetFlow's English
 * texts (messages.properties), none of zxcvbn's English feedback (the Java library's and the page script's), none of
 * the widget's English texts or error messages, and no common English word. Only what the directory wrote is exempt,
 * and it must stand under a German heading that says so.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "resetflow.public-base-url=" + GermanAllTheWayBrowserTest.PUBLIC_BASE,
                "resetflow.bot-defence.enabled=true",
                // The demo directory answers as Ping does: password rules of its own, refusals in its own words.
                "resetflow.scim.dialect=ping",
                "logging.level.org.openqa.selenium.devtools.CdpVersionFinder=error"})
@RequiresChromium
class GermanAllTheWayBrowserTest {

    static final String PUBLIC_HOST = "resetflow.test";
    static final String PUBLIC_BASE = "http://" + PUBLIC_HOST;

    private static final Locale GERMAN = Locale.GERMAN;
    private static final String REPEATED = "aaaaaaaaaaaa";
    private static final String VERY_COMMON = "password1";
    private static final String CURRENT = "Harbour-Tulip-Quiver-58";
    private static final String STRONG = "Lantern-Orchid-Gravel-47";

    /** zxcvbn.js 4.4.2's feedback (lib/feedback.js), which the page's meter gets in English. */
    private static final List<String> ZXCVBN_JS_FEEDBACK = List.of(
            "Use a few words, avoid common phrases", "No need for symbols, digits, or uppercase letters",
            "Add another word or two. Uncommon words are better.", "Straight rows of keys are easy to guess",
            "Short keyboard patterns are easy to guess", "Use a longer keyboard pattern with more turns",
            "Repeats like \"aaa\" are easy to guess",
            "Repeats like \"abcabcabc\" are only slightly harder to guess than \"abc\"",
            "Avoid repeated words and characters", "Sequences like abc or 6543 are easy to guess", "Avoid sequences",
            "Recent years are easy to guess", "Avoid recent years", "Avoid years that are associated with you",
            "Dates are often easy to guess", "Avoid dates and years that are associated with you",
            "This is a top-10 common password", "This is a top-100 common password", "This is a very common password",
            "This is similar to a commonly used password", "A word by itself is easy to guess",
            "Names and surnames by themselves are easy to guess", "Common names and surnames are easy to guess",
            "Capitalization doesn't help very much", "All-uppercase is almost as easy to guess as all-lowercase",
            "Reversed words aren't much harder to guess",
            "Predictable substitutions like '@' instead of 'a' don't help very much");

    /** What the widget (altcha 2.3.0) puts in its error tooltip: the browser's or its own English messages. */
    private static final List<String> WIDGET_ERRORS = List.of("Failed to fetch", "Server responded with",
            "Verification failed", "Mocked error", "Unexpected result returned", "Web Crypto is not available",
            "Attribute challengeurl not set");

    /** Words no German sentence of these pages contains, but almost every English one does. */
    private static final Pattern ENGLISH_WORD = Pattern.compile(
            "\\b(the|The|and|your|Your|you|You|please|Please|this|This|is|are|not|with|password|Password|passwords"
                    + "|again|Again|here|Here|Try|try|Check|Verified|Verifying|Loading|Reload|Verify)\\b");

    private static final Pattern URL = Pattern.compile("https?://\\S+");

    /**
     * Every text a person can perceive on the page, each with where it came from; nothing inside
     * {@code .directory-text} (the directory's own words) and nothing marked as another language ({@code lang="en"}
     * on the language switch's "English").
     */
    private static final String PERCEIVABLE_TEXTS = """
            const texts = [['title', document.title]];
            const exempt = el => el.closest('.directory-text') !== null
                || (el.closest('[lang]') !== null && !el.closest('[lang]').lang.startsWith('de'));
            const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const el = node.parentElement;
              if (el && node.textContent.trim() && !exempt(el) && visible(el)
                  && !['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) {
                texts.push([el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''), node.textContent.trim()]);
              }
            }
            for (const el of document.body.querySelectorAll('[title],[aria-label],[placeholder],[alt]')) {
              if (exempt(el) || !visible(el)) continue;
              for (const attribute of ['title', 'aria-label', 'placeholder', 'alt']) {
                const value = el.getAttribute(attribute);
                if (value && value.trim()) texts.push([el.tagName.toLowerCase() + '@' + attribute, value.trim()]);
              }
            }
            return texts;
            """;

    @LocalServerPort
    int port;

    @Autowired
    DemoDirectory directory;

    @Autowired
    DemoMailbox mailbox;

    @Autowired
    RuntimeService runtimeService;

    @Autowired
    MessageSource messages;

    @RegisterExtension
    static final Chromium chromium = Chromium.perTest(PUBLIC_HOST);

    private HeadlessChromium browser;
    private WebDriver page;
    private final Set<String> englishSentences = new LinkedHashSet<>();
    private final Map<String, List<String>> englishFound = new LinkedHashMap<>();
    private final SoftAssertions softly = new SoftAssertions();

    @BeforeEach
    void startBrowser() throws IOException {
        directory.reset();
        mailbox.purge();
        englishSentences.addAll(resetFlowsEnglish());
        englishSentences.addAll(zxcvbn4jEnglish());
        englishSentences.addAll(ZXCVBN_JS_FEEDBACK);
        englishSentences.addAll(WIDGET_ERRORS);
        browser = chromium.browser();
        page = browser.driver();
    }

    @Test
    void shouldShowNoEnglishSentenceOnAGermanReset() throws Exception {
        // Given alice has a password, which the directory (Ping's dialect) will not take again
        setCurrentPasswordInTheDirectory("alice", CURRENT);

        // When she opens the start page and chooses German
        page.get(PUBLIC_BASE + "/");
        page.findElement(By.cssSelector("nav.languages a[hreflang=de]")).click();
        browser.await().until(textToBe(By.tagName("h1"), text("request.title")));
        awaitBotDefenceWidget();
        // (the widget's own English texts join what must not show)
        @SuppressWarnings("unchecked")
        Map<String, Object> widgetEnglish = (Map<String, Object>) ((JavascriptExecutor) page)
                .executeScript("return globalThis.altchaI18n.get('en')");
        widgetEnglish.forEach((key, value) -> {
            if (!"footer".equals(key) && !"ariaLinkLabel".equals(key)) {
                englishSentences.add(String.valueOf(value));
            }
        });
        assertThat(englishSentences).contains("I'm not a robot", "Verification failed. Try again later.");
        checkState("request page");

        // ... and the widget cannot reach the server (the network is gone): its error and tooltip are German too
        ((JavascriptExecutor) page).executeScript("document.querySelector('altcha-widget')"
                + ".setAttribute('challengeurl', 'http://unreachable.invalid/bot-defence/challenge')");
        page.findElement(By.cssSelector("altcha-widget input[type=checkbox]")).click();
        browser.await().until(driver -> !driver.findElements(By.cssSelector("altcha-widget .altcha[data-state=error]"))
                .isEmpty());
        browser.await().until(driver -> !driver.findElements(By.cssSelector("altcha-widget .altcha-error")).isEmpty());
        softly.assertThat(page.findElement(By.cssSelector("altcha-widget .altcha-error")).getText())
                .as("the widget's error text").isEqualTo(text("botdefence.widget.error"));
        checkState("request page, widget error");

        // When she sends spaces only
        page.get(PUBLIC_BASE + "/");
        awaitBotDefenceWidget();
        page.findElement(By.id("identifier")).sendKeys("   ", Keys.ENTER);
        browser.await().until(driver -> driver.findElements(By.id("error-summary")).size() == 1);
        checkState("request refused");

        // When she asks for alice
        awaitBotDefenceWidget();
        page.findElement(By.id("identifier")).sendKeys("alice", Keys.ENTER);
        browser.await().until(textToBe(By.tagName("h1"), text("sent.title")));
        checkState("request sent");

        // Then the mail waits in the demo inbox, in German
        awaitWaitingReset("alice");
        TestSmtp.awaitMessages(mailbox, 1);
        page.get(PUBLIC_BASE + "/demo/inbox");
        browser.await().until(textToBe(By.cssSelector("main article h2"), text("mail.reset.subject")));
        checkState("demo inbox");

        // When she follows the link: the directory's own rules stand under a German heading
        page.findElement(By.cssSelector("main article pre a")).click();
        browser.await().until(textToBe(By.tagName("h1"), text("password.title")));
        browser.await().until(driver -> driver.findElement(By.id("meter")).isDisplayed());
        softly.assertThat(page.findElements(By.cssSelector("#directory-rules .directory-text")))
                .as("the directory's own rules, marked as its words").extracting(WebElement::getText)
                .contains("The password must contain at least 8 characters.");
        checkState("password form");

        // ... and types a password of one repeated letter: the meter says why it is weak, in German
        WebElement password = page.findElement(By.id("password"));
        password.sendKeys(REPEATED);
        browser.await().until(driver -> driver.findElement(By.id("meter")).getAttribute("data-score") != null);
        softly.assertThat(page.findElements(By.id("meter-advice"))).as("the meter's advice")
                .extracting(WebElement::getText)
                .anySatisfy(advice -> assertThat(advice).contains(text("password.advice.repeat.warning.likeAAA")));
        checkState("meter, repeated letter");

        // ... and sends it: refused, with zxcvbn's advice in German in the summary and beside the field
        page.findElement(By.id("confirmPassword")).sendKeys(REPEATED, Keys.ENTER);
        browser.await().until(driver -> driver.findElements(By.id("password-error")).size() == 1);
        softly.assertThat(page.findElement(By.id("password-error")).getText())
                .contains(text("password.rejected.too-weak"))
                .contains(text("password.advice.extra.suggestions.addAnotherWord"));
        checkState("weak password refused");

        // When she sends a very common password
        submit(VERY_COMMON);
        softly.assertThat(page.findElement(By.id("rejection")).getText())
                .contains(text("password.advice.dictionary.warning.passwords.veryCommon"))
                .contains(text("password.advice.extra.suggestions.addAnotherWord"));
        softly.assertThat(page.findElement(By.id("password-error")).getText())
                .contains(text("password.advice.dictionary.warning.passwords.veryCommon"));
        checkState("common password refused");
        Path refusal = browser.screenshot("german-refusal");

        // When she sends her current password, which the directory refuses in its own words
        submit(CURRENT);
        softly.assertThat(page.findElement(By.id("rejection")).getText())
                .contains(text("password.rejected.directory"))
                .contains(text("password.directoryText"));
        softly.assertThat(page.findElements(By.cssSelector("#rejection .directory-text")))
                .as("the directory's words, as it wrote them").extracting(WebElement::getText)
                .containsExactly("The new password must not be the same as the current password.");
        checkState("directory refused");

        // When she sends a strong new one, it is set
        submit(STRONG);
        browser.await().until(textToBe(By.tagName("h1"), text("done.title")));
        assertThat(directory.passwordMatches(directory.idOf("alice").orElseThrow(), STRONG)).isTrue();
        checkState("password changed");

        // ... and the used link says so in German
        String usedLink = TestSmtp.resetToken(mailbox.messages().get(0), PUBLIC_BASE);
        page.get(PUBLIC_BASE + "/reset/" + usedLink);
        browser.await().until(textToBe(By.tagName("h1"), text("invalidlink.title")));
        checkState("link used");

        // ... and so does a page that is not there
        page.get(PUBLIC_BASE + "/no-such-page");
        browser.await().until(driver -> driver.getCurrentUrl().endsWith("/no-such-page")
                && !driver.findElements(By.tagName("h1")).isEmpty());
        checkState("unknown page");

        // Then no state showed English, and the German texts were where they belong
        softly.assertThat(englishFound).as("English on the German pages, by page state").isEmpty();
        softly.assertAll();

        // (the README's picture of a German refusal)
        Path docs = Path.of("docs", "screenshots");
        Files.createDirectories(docs);
        Files.copy(refusal, docs.resolve("password-refused-de.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Types a candidate into both fields and sends it with Enter, as a person does; waits for the next page. */
    private void submit(String candidate) {
        WebElement form = page.findElement(By.id("password-form"));
        WebElement password = page.findElement(By.id("password"));
        password.clear();
        password.sendKeys(candidate);
        WebElement confirmation = page.findElement(By.id("confirmPassword"));
        confirmation.clear();
        confirmation.sendKeys(candidate, Keys.ENTER);
        browser.await().until(stalenessOf(form));
    }

    /** Reads every perceivable text of the page and keeps each English sentence or word found, by page state. */
    private void checkState(String state) {
        @SuppressWarnings("unchecked")
        List<List<String>> texts = (List<List<String>>) ((JavascriptExecutor) page).executeScript(PERCEIVABLE_TEXTS);
        assertThat(texts).as("texts on " + state).hasSizeGreaterThan(3);
        List<String> found = new ArrayList<>();
        for (List<String> where : texts) {
            String text = URL.matcher(where.get(1)).replaceAll(" ");
            for (String english : englishSentences) {
                if (Pattern.compile("(?<![\\p{L}])" + Pattern.quote(english) + "(?![\\p{L}])").matcher(text).find()) {
                    found.add(where.get(0) + ": \"" + english + "\" in \"" + where.get(1) + "\"");
                }
            }
            Matcher word = ENGLISH_WORD.matcher(text);
            if (word.find()) {
                found.add(where.get(0) + ": the English word \"" + word.group() + "\" in \"" + where.get(1) + "\"");
            }
        }
        if (!found.isEmpty()) {
            englishFound.put(state, found);
        }
        assertThat(page.findElement(By.tagName("html")).getAttribute("lang")).as("lang of " + state).isEqualTo("de");
    }

    /**
     * Each English text of ResetFlow's bundle that the German bundle does not share (a product name is the same in
     * both), cut at its placeholders into fragments of two words or more.
     */
    private static Set<String> resetFlowsEnglish() throws IOException {
        Properties english = load("messages.properties");
        Properties german = load("messages_de.properties");
        Set<String> fragments = new LinkedHashSet<>();
        for (String key : english.stringPropertyNames()) {
            String value = english.getProperty(key);
            if (value.equals(german.getProperty(key))) {
                continue;
            }
            for (String fragment : withoutPlaceholders(value.replace("''", "'"))) {
                String trimmed = fragment.strip().replaceAll("^[\\p{Punct}\\s]+|[,:;\\s]+$", "");
                if (trimmed.split("\\s+").length >= 2) {
                    fragments.add(trimmed);
                }
            }
        }
        return fragments;
    }

    /** The literal parts of a message pattern: what lies outside its (possibly nested) {...} placeholders. */
    private static List<String> withoutPlaceholders(String pattern) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int depth = 0;
        for (char c : pattern.toCharArray()) {
            if (c == '{') {
                if (depth++ == 0) {
                    parts.add(part.toString());
                    part.setLength(0);
                }
            } else if (c == '}') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static Set<String> zxcvbn4jEnglish() {
        ResourceBundle bundle = ResourceBundle.getBundle("com/nulabinc/zxcvbn/messages", Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT));
        Set<String> texts = new LinkedHashSet<>();
        bundle.keySet().forEach(key -> texts.add(bundle.getString(key)));
        return texts;
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = GermanAllTheWayBrowserTest.class.getClassLoader().getResourceAsStream(name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    private void setCurrentPasswordInTheDirectory(String userName, String password) throws Exception {
        String id = directory.idOf(userName).orElseThrow();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + DemoDirectory.SCIM_BASE_PATH + "/Users/" + id + "/password"))
                .header("Content-Type", "application/scim+json")
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"schemas": ["urn:pingidentity:schemas:2.0:PasswordUpdateRequest"], "newPassword": "%s"}
                        """.formatted(password))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(directory.passwordMatches(id, password)).isTrue();
    }

    private void awaitBotDefenceWidget() {
        browser.await().until(driver -> !driver.findElements(By.cssSelector("altcha-widget .altcha[data-state]"))
                .isEmpty());
    }

    private void awaitWaitingReset(String userName) {
        browser.await().withMessage("the reset of " + userName + " to wait for the new password").until(engine ->
                runtimeService.createProcessInstanceQuery().processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                        .variableValueEquals(PasswordResetProcess.VAR_ACCOUNT_USER_NAME, userName)
                        .activityIdIn(PasswordResetProcess.TASK_WAIT_FOR_NEW_PASSWORD).count() == 1);
    }

    private String text(String key) {
        return messages.getMessage(key, null, "??" + key + "??", GERMAN);
    }
}

package org.resetflow.helpdesk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.resetflow.browser.Chromium;
import org.resetflow.browser.HeadlessChromium;

/**
 * Camunda's webapps as a person works them in a real Chromium, mostly Tasklist: sign in, "Start process", pick the
 * process by its name, fill its Camunda Form by typing and clicking, "Start"; open a task, "Claim", "Complete". Also
 * signing in to any webapp page (a Cockpit deep link), and the public pages a link from a mail opens, used to end a
 * reset the way its owner does. Elements are found by what a person reads (labels, button texts) or by the form
 * field's id from the {@code .form} file. Works in the browser of a {@link Chromium} fixture, whichever browser that
 * is at the time. The one webapps set-up of the tests.
 */
public final class Tasklist {

    private static final Path DOCS = Path.of("docs", "screenshots");

    private final Chromium chromium;
    private final String base;
    private HeadlessChromium signedIn;

    public Tasklist(Chromium chromium) {
        this.chromium = chromium;
        this.base = "http://" + chromium.host();
    }

    public WebDriver driver() {
        return browser().driver();
    }

    private HeadlessChromium browser() {
        return chromium.browser();
    }

    /** Signs in to Tasklist. */
    public void signIn(String user, String password) {
        signInAt("/camunda/app/tasklist/default/", user, password);
    }

    /** Signs in to Tasklist unless this browser already did: for a class that shares one ({@link Chromium#perClass}). */
    public void signInOnce(String user, String password) {
        if (signedIn != browser()) {
            signIn(user, password);
            signedIn = browser();
        }
    }

    /** Opens a webapp page ({@code /camunda/app/cockpit/default/#/...}), signs in on its form, waits for the page. */
    public void signInAt(String path, String user, String password) {
        fillSignInAt(path, user, password);
        try {
            patient().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type='password']")));
        } catch (RuntimeException e) {
            throw failure(user + " could not sign in at " + path, e);
        }
    }

    /** Opens a webapp page, fills its sign-in form and submits it, whatever the webapp then answers. */
    public void fillSignInAt(String path, String user, String password) {
        WebDriver driver = driver();
        try {
            browser().openUntil(base + path,
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type='password']")));
        } catch (RuntimeException e) {
            throw failure("no sign-in form at " + driver.getCurrentUrl(), e);
        }
        driver.findElement(By.cssSelector("input[autocomplete='username'], input#inputUsername, input[type='text']"))
                .sendKeys(user);
        driver.findElement(By.cssSelector("input[type='password']")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type='submit']")).click();
    }

    /** Forgets every session: the next page asks who signs in. */
    public void signOut() {
        driver().manage().deleteAllCookies();
        signedIn = null;
    }

    /** "Start process" in the header, then the process by the name the list shows; waits for its start form. */
    public void openStartForm(String processName) {
        driver().get(base + "/camunda/app/tasklist/default/");
        click(By.xpath("//a[normalize-space()='Start process']"));
        click(By.xpath("//ul[contains(@class,'processes')]//a[normalize-space()=\"" + processName + "\"]"));
        patient().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-body .fjs-form")));
    }

    /** Picks the radio button (or checkbox) whose label reads {@code label}. */
    public void choose(String label) {
        click(By.xpath("//label[normalize-space(.)=\"" + label + "\"]"));
    }

    /** Types into the form field of that id (as in the {@code .form} file). */
    public void type(String fieldId, String text) {
        WebElement field = patient().until(ExpectedConditions.elementToBeClickable(field(fieldId)));
        scrollTo(field);
        field.click();
        // A line break is typed as the Enter key, as a person ends a line in a text area
        field.sendKeys(text);
    }

    /** "Start" in the start form's dialog; waits until Tasklist says the process started (or fails with its words). */
    public void start() {
        click(By.xpath("//div[contains(@class,'modal-footer')]//button[normalize-space()='Start']"));
        try {
            patient().until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//*[contains(normalize-space(.), 'The process has been started.')]")));
        } catch (RuntimeException e) {
            throw failure("the process did not start", e);
        }
    }

    /** Opens the task in Tasklist and waits for its form. */
    public void openTask(String taskId) {
        driver().get(base + "/camunda/app/tasklist/default/#/?task=" + taskId);
        patient().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".fjs-form")));
    }

    /** The value a form field shows, once it shows one. */
    public String shownValue(String fieldId) {
        return patient().until(driver -> {
            String value = driver.findElement(field(fieldId)).getDomProperty("value");
            return value == null || value.isEmpty() ? null : value;
        });
    }

    /** "Claim", as Tasklist asks a candidate before it enables the form, then "Complete". */
    public void claimAndComplete() {
        click(By.xpath("//*[self::a or self::button][normalize-space()='Claim']"));
        click(By.xpath("//button[normalize-space()='Complete']"));
    }

    /**
     * Opens a link from a mail and chooses a password on the public page by typing it twice, as the link's owner does;
     * returns the heading of the page that follows.
     */
    public String choosePassword(String link, String password) {
        WebDriver driver = driver();
        driver.get(link);
        WebElement field = browser().await().until(ExpectedConditions.elementToBeClickable(By.id("password")));
        field.sendKeys(password);
        driver.findElement(By.id("confirmPassword")).sendKeys(password, Keys.ENTER);
        browser().await().until(d -> !d.getCurrentUrl().equals(link) || d.findElements(By.id("password")).isEmpty());
        return driver.findElement(By.tagName("h1")).getText();
    }

    /** Saves the browser's view for the README: {@code docs/screenshots/<name>.png} (and target/screenshots). */
    public void keep(String name) {
        Path screenshot = browser().screenshot(name);
        try {
            Files.createDirectories(DOCS);
            Files.copy(screenshot, DOCS.resolve(screenshot.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An AssertionError with what the page shows, and a screenshot in target/screenshots. */
    public AssertionError failure(String what, Throwable cause) {
        browser().screenshot("webapps-failure-" + what.replaceAll("[^A-Za-z]+", "-"));
        return new AssertionError(what + "; the page shows: " + driver().findElement(By.tagName("body")).getText(),
                cause);
    }

    public void click(By element) {
        WebElement found = patient().until(ExpectedConditions.elementToBeClickable(element));
        scrollTo(found);
        patient().until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    /** Camunda's webapps load several megabytes of script; on a busy CI machine that takes longer than a page. */
    public WebDriverWait patient() {
        return new WebDriverWait(driver(), Duration.ofSeconds(Long.getLong("resetflow.test.tasklist-patience", 120)));
    }

    private void scrollTo(WebElement element) {
        ((JavascriptExecutor) driver()).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    }

    private static By field(String fieldId) {
        return By.cssSelector("[id$='" + fieldId + "']");
    }
}

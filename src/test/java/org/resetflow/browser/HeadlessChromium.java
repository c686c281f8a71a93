package org.resetflow.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through the machine's own ChromeDriver; Selenium Manager never runs (it would try
 * to download a driver). One host name is mapped to the application's local port inside the browser, so links in
 * mails, built from the configured public base URL, are clicked as they are. Everything the pages write to the
 * browser console (errors, Content-Security-Policy violations) is kept for the test to check.
 */
public final class HeadlessChromium implements AutoCloseable {

    static final String CHROMIUM_PROPERTY = "resetflow.test.chromium";
    static final String CHROMEDRIVER_PROPERTY = "resetflow.test.chromedriver";

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;
    private final List<LogEntry> console = new ArrayList<>();

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser in which {@code host} (any port) resolves to {@code 127.0.0.1:localPort}. */
    public static HeadlessChromium start(String host, int localPort) {
        List<String> missing = missingTools();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(String.join(" and ", missing)
                    + " not found: install Debian's chromium and chromium-driver (.ci/run does)");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("resetflow-chromium-");
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().toFile())
                .usingAnyFreePort()
                .withLogLevel(ChromiumDriverLogLevel.WARNING)
                .withLogFile(SCREENSHOTS.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().toFile());
        // The machine's network is closed: no sandbox as root, and none of Chromium's own calls home.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,1024",
                "--host-resolver-rules=MAP " + host + " 127.0.0.1:" + localPort,
                // Web Crypto (the bot defence's proof of work) needs a secure context: HTTPS in production; the test
                // host speaks plain HTTP, so the browser is told to treat it as secure, as it treats localhost.
                "--unsafely-treat-insecure-origin-as-secure=http://" + host);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        try {
            return new HeadlessChromium(service, new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteQuietly(profile);
            throw e;
        }
    }

    /** The tools this machine lacks, named with the paths that were looked at; empty when both are there. */
    static List<String> missingTools() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(chromium())) {
            missing.add("Chromium (" + chromium() + ")");
        }
        if (!Files.isExecutable(chromedriver())) {
            missing.add("ChromeDriver (" + chromedriver() + ")");
        }
        return missing;
    }

    private static Path chromium() {
        return Path.of(System.getProperty(CHROMIUM_PROPERTY, "/usr/bin/chromium"));
    }

    private static Path chromedriver() {
        return Path.of(System.getProperty(CHROMEDRIVER_PROPERTY, "/usr/bin/chromedriver"));
    }

    public WebDriver driver() {
        return driver;
    }

    /** An explicit wait, for whatever the pages or the application do in their own time. */
    public WebDriverWait await() {
        return new WebDriverWait(driver, PATIENCE);
    }

    /** Every console entry since the browser started, oldest first. */
    /**
     * Opens {@code url} and waits until {@code ready} holds, loading the page afresh when it does not within a minute,
     * up to three loads. Camunda's webapps load a few megabytes of script in many requests; on a loaded machine the
     * first load of an app sometimes still showed only its spinner minutes later, while a reload came up at once.
     * This waits for the page to appear; it says nothing about how fast.
     */
    public void openUntil(String url, ExpectedCondition<?> ready) {
        driver.get(url);
        for (int load = 1; ; load++) {
            try {
                new WebDriverWait(driver, Duration.ofSeconds(60)).until(ready);
                return;
            } catch (TimeoutException e) {
                if (load == 3) {
                    screenshot("no-page-after-three-loads");
                    throw e;
                }
                driver.navigate().refresh();
            }
        }
    }

    public List<LogEntry> console() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return List.copyOf(console);
    }

    /** Saves what the browser shows to {@code target/screenshots/<name>.png} (kept by CI). */
    public Path screenshot(String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        try {
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * WCAG reflow: the current page needs no sideways scrolling at 640 and 320 CSS pixels wide, with a screenshot at
     * phone width ({@code screenshotName}-phone). The window is back at desktop size afterwards.
     */
    public void assertReflows(String pageName, String screenshotName) {
        WebDriver page = driver();
        for (int width : new int[] {640, 320}) {
            page.manage().window().setSize(new Dimension(width, 900));
            await().until(d -> ((Number) ((JavascriptExecutor) d).executeScript("return window.innerWidth"))
                    .intValue() <= width);
            Number overflow = (Number) ((JavascriptExecutor) page).executeScript(
                    "return document.documentElement.scrollWidth - window.innerWidth");
            if (overflow.intValue() > 0) {
                throw new AssertionError(pageName + " scrolls sideways at " + width + " px (by " + overflow + " px)");
            }
            if (width == 320) {
                screenshot(screenshotName + "-phone");
            }
        }
        page.manage().window().setSize(new Dimension(1280, 1024));
    }

        public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary profile is harmless.
        }
    }
}

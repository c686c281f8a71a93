package org.resetflow.browser;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.resetflow.EngineRest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The one browser fixture of the tests: a {@link HeadlessChromium} pointed at the test's own Spring Boot application
 * (its random port, under the public host name the application's links use), started before each test and closed
 * after it, or started by the first test of a class and closed after the last ({@link #perClass}: Camunda's webapps
 * load megabytes of script, so their tests sign in once). Register it as a static field:
 * {@code @RegisterExtension static final Chromium chromium = Chromium.perTest(HOST);}
 *
 * <p>It starts the browser in the test's first callback after Spring's, never in {@code beforeAll}: a class with
 * {@code @DirtiesContext(BEFORE_CLASS)} gets its fresh context only then, and a browser started earlier would be
 * pointed at the closed one's port. For the same reason {@link #withCamundaWebapps} points Camunda's webapps, which
 * keep their engine in static fields, at this test's context before each test (see {@link EngineRest}).
 */
public final class Chromium implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private final String host;
    private final boolean perClass;
    private Dimension windowSize;
    private boolean camundaWebapps;
    private HeadlessChromium browser;

    private Chromium(String host, boolean perClass) {
        this.host = host;
        this.perClass = perClass;
    }

    /** A fresh browser, with no cookies or cache, for each test. */
    public static Chromium perTest(String host) {
        return new Chromium(host, false);
    }

    /** One browser for all tests of the class, cookies and cache kept from one test to the next. */
    public static Chromium perClass(String host) {
        return new Chromium(host, true);
    }

    /** The window's size in CSS pixels (Chromium's default otherwise: 1280 by 1024). */
    public Chromium windowSize(int width, int height) {
        this.windowSize = new Dimension(width, height);
        return this;
    }

    /** Points Camunda's webapps (Tasklist, Cockpit, Admin) at this test's engine and context before each test. */
    public Chromium withCamundaWebapps() {
        this.camundaWebapps = true;
        return this;
    }

    public HeadlessChromium browser() {
        if (browser == null) {
            throw new IllegalStateException("No browser outside a test: register Chromium with @RegisterExtension");
        }
        return browser;
    }

    public WebDriver driver() {
        return browser().driver();
    }

    public String host() {
        return host;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (camundaWebapps) {
            EngineRest.forgetEarlierWebapps();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ApplicationContext application = SpringExtension.getApplicationContext(context);
        if (camundaWebapps) {
            EngineRest.useEngineOf(application.getBean(ProcessEngine.class));
            EngineRest.useWebappsOf(application);
        }
        if (browser == null) {
            Integer port = application.getEnvironment().getProperty("local.server.port", Integer.class);
            if (port == null) {
                throw new IllegalStateException("The browser needs a running server: "
                        + "@SpringBootTest(webEnvironment = RANDOM_PORT)");
            }
            browser = HeadlessChromium.start(host, port);
            if (windowSize != null) {
                browser.driver().manage().window().setSize(windowSize);
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void close() {
        if (browser != null) {
            try {
                browser.close();
            } finally {
                browser = null;
            }
        }
    }
}

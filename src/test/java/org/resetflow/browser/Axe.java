package org.resetflow.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (npm, fetched and checksum-verified by the build into {@code target/npm/axe-core}) run inside the real
 * browser on the page it shows. Injected through WebDriver, which the page's Content-Security-Policy does not govern,
 * so the pages need not allow anything for it.
 */
public final class Axe {

    static final Path SCRIPT = Path.of("target", "npm", "axe-core", "package", "axe.min.js");

    private static String source;

    private Axe() {
    }

    /** One rule an element broke, as axe reports it. */
    public record Violation(String rule, String impact, String help, List<String> elements) {

        public boolean seriousOrWorse() {
            return "serious".equals(impact) || "critical".equals(impact);
        }

        @Override
        public String toString() {
            return impact + " " + rule + " (" + help + ") at " + elements;
        }
    }

    /** Every WCAG 2.x A/AA and best-practice violation on the page as it is now. */
    public static List<Violation> check(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(source());
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Object answer = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations'],
                                   runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                                   'wcag22aa', 'best-practice']}})
                   .then(result => done(JSON.stringify(result.violations)))
                   .catch(error => done('error: ' + error));""");
        String json = String.valueOf(answer);
        if (json.startsWith("error: ")) {
            throw new IllegalStateException("axe-core failed: " + json);
        }
        List<Violation> violations = new ArrayList<>();
        try {
            for (JsonNode violation : new ObjectMapper().readTree(json)) {
                List<String> elements = new ArrayList<>();
                for (JsonNode node : violation.path("nodes")) {
                    elements.add(node.path("target").toString());
                }
                violations.add(new Violation(violation.path("id").asText(), violation.path("impact").asText(),
                        violation.path("help").asText(), elements));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return violations;
    }

    private static synchronized String source() {
        if (source == null) {
            if (!Files.isReadable(SCRIPT)) {
                throw new IllegalStateException(SCRIPT + " is missing: the build fetches it in generate-test-resources"
                        + " (./mvnw generate-test-resources)");
            }
            try {
                source = Files.readString(SCRIPT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }
}

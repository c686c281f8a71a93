package org.resetflow.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes that drive a real Chromium: without Chromium and ChromeDriver (Debian's {@code chromium} and
 * {@code chromium-driver}, or the paths given in {@code -Dresetflow.test.chromium} and
 * {@code -Dresetflow.test.chromedriver}) the class is skipped with a clear message, except when {@code CI=true},
 * where it runs (and fails loudly).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresChromium.Condition.class)
public @interface RequiresChromium {

    class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if ("true".equals(System.getenv("CI"))) {
                return ConditionEvaluationResult.enabled("CI=true: browser tests always run");
            }
            List<String> missing = HeadlessChromium.missingTools();
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("Chromium and ChromeDriver found");
            }
            return ConditionEvaluationResult.disabled("Browser tests skipped: " + String.join(" and ", missing)
                    + " not found (apt-get install chromium chromium-driver, or point -Dresetflow.test.chromium and"
                    + " -Dresetflow.test.chromedriver at them; they always run when CI=true)");
        }
    }
}

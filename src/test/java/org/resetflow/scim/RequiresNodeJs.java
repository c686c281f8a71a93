package org.resetflow.scim;

import java.io.File;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes whose Spring context needs the SCIMMY server before any test method runs: without Node.js the
 * class is skipped with a clear message, except when {@code CI=true}, where it runs (and fails loudly).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresNodeJs.Condition.class)
public @interface RequiresNodeJs {

    class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if ("true".equals(System.getenv("CI")) || onPath("node") && onPath("npm")) {
                return ConditionEvaluationResult.enabled("Node.js available (or CI=true)");
            }
            return ConditionEvaluationResult.disabled(
                    "Node.js not found: SCIMMY end-to-end tests skipped (install Node 20; they always run when CI=true)");
        }

        private static boolean onPath(String tool) {
            String path = System.getenv("PATH");
            return path != null && Stream.of(path.split(File.pathSeparator))
                    .filter(entry -> !entry.isBlank())
                    .map(entry -> Path.of(entry, tool))
                    .anyMatch(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate));
        }
    }
}

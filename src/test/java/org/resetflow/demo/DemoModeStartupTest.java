package org.resetflow.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.resetflow.ResetFlowApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Starts the whole application as {@code java -jar} would, with settings as command-line arguments, and checks that
 * every configuration that would mix demo parts with real ones is refused before anything starts: with one line
 * that names the setting to fix, not a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoModeStartupTest {

    private static final String DIRECTORY = "--resetflow.scim.base-url=https://directory.example.org/scim/v2";

    private static final String MAIL_SERVER = "--spring.mail.host=smtp.example.org";

    private static final AtomicInteger STARTS = new AtomicInteger();

    @Test
    void shouldRefuseDirectoryWithoutMailServer(CapturedOutput output) {
        // Given a real directory but no mail server

        // When the application starts
        Throwable failure = startupFailure(DIRECTORY);

        // Then it refuses, naming the missing mail server, in one line and without a stack trace
        assertRefused(failure, output, "ResetFlow refuses to start: resetflow.scim.base-url is set but "
                + "spring.mail.host is not. Configure both for production, or neither for demo mode.");
    }

    @Test
    void shouldRefuseMailServerWithoutDirectory(CapturedOutput output) {
        // Given a real mail server but no directory

        // When the application starts
        Throwable failure = startupFailure(MAIL_SERVER);

        // Then it refuses, naming the missing directory
        assertRefused(failure, output, "ResetFlow refuses to start: spring.mail.host is set but "
                + "resetflow.scim.base-url is not. Configure both for production, or neither for demo mode.");
    }

    @Test
    void shouldRefuseExplicitDemoModeWithRealDirectory(CapturedOutput output) {
        // Given demo mode switched on, and a real directory: real accounts, demo pages

        // When the application starts
        Throwable failure = startupFailure("--resetflow.demo.enabled=true", DIRECTORY);

        // Then it refuses, naming both settings
        assertRefused(failure, output, "ResetFlow refuses to start: resetflow.demo.enabled is true but "
                + "resetflow.scim.base-url is set.");
    }

    @Test
    void shouldRefuseExplicitDemoModeWithRealMailServer(CapturedOutput output) {
        // Given demo mode switched on, and a real mail server

        // When the application starts
        Throwable failure = startupFailure("--resetflow.demo.enabled=true", MAIL_SERVER);

        // Then it refuses, naming both settings
        assertRefused(failure, output, "ResetFlow refuses to start: resetflow.demo.enabled is true but "
                + "spring.mail.host is set.");
    }

    @Test
    void shouldRefuseDemoModeSwitchedOffWithNothingConfigured(CapturedOutput output) {
        // Given demo mode switched off, and neither a directory nor a mail server

        // When the application starts
        Throwable failure = startupFailure("--resetflow.demo.enabled=false");

        // Then it refuses: there is nothing to talk to
        assertRefused(failure, output, "ResetFlow refuses to start: resetflow.demo.enabled is false but neither "
                + "resetflow.scim.base-url nor spring.mail.host is set.");
    }

    /**
     * The exception {@code SpringApplication.run} throws, or {@code null} after closing an application that did
     * start. Each start gets its own engine and database, in case it gets that far.
     */
    private static Throwable startupFailure(String... settings) {
        int start = STARTS.incrementAndGet();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.process-engine-name=demo-mode-startup-" + start,
                "--spring.datasource.url=jdbc:h2:mem:demo-mode-startup-" + start + ";DB_CLOSE_DELAY=-1"));
        args.addAll(List.of(settings));
        return catchThrowable(() -> new SpringApplicationBuilder(ResetFlowApplication.class)
            .run(args.toArray(String[]::new))
            .close());
    }

    private static void assertRefused(Throwable failure, CapturedOutput output, String line) {
        assertThat(failure).as("startup failure").isNotNull().hasMessageContaining(line);
        // Spring Boot's failure report: the line is the description, and nothing else explains the failure
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
            .contains(line)
            .doesNotContain("\tat org.resetflow")
            .doesNotContain("Application run failed");
    }

}

package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The pauses of the background clean-ups are read by {@code @Scheduled} placeholders, and bound and validated by
 * their properties classes too: a pause of nothing (a busy loop against the database) or a word that is no duration
 * stops the start, naming the setting, instead of being found by the scheduler or not at all.
 */
class ScheduledIntervalsTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(EveryPropertiesClass.class)
            .withPropertyValues("resetflow.public-base-url=https://reset.example.org");

    @ParameterizedTest
    @ValueSource(strings = {"resetflow.token.purge-interval", "resetflow.rate-limit.purge-interval",
            "resetflow.h2.compact-interval", "resetflow.bot-defence.cleanup-interval",
            "resetflow.request.starter-interval", "resetflow.password.recovery-interval"})
    void shouldRefuseToStartWithoutAPause(String interval) {
        context.withPropertyValues(interval + "=0s").run(started -> assertThat(causes(started.getStartupFailure()))
                .contains("Binding validation errors on " + interval.substring(0, interval.lastIndexOf('.')))
                .contains("origin \"" + interval + "\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"resetflow.token.purge-interval", "resetflow.h2.compact-interval",
            "resetflow.bot-defence.cleanup-interval"})
    void shouldRefuseToStartWithAnIntervalThatIsNoDuration(String interval) {
        context.withPropertyValues(interval + "=hourly").run(started -> assertThat(causes(started.getStartupFailure()))
                .contains("Failed to bind properties under '" + interval + "'"));
    }

    /** Every message of the failure's chain: the binder names the setting in one of them. */
    private static String causes(Throwable failure) {
        assertThat(failure).as("the start should have failed").isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }


    @Configuration(proxyBeanMethods = false)
    @ConfigurationPropertiesScan("org.resetflow")
    static class EveryPropertiesClass {
    }
}

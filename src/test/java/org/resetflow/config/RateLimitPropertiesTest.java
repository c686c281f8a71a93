package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The limits' defaults, and settings that would switch a limit off or break the buckets, refused at startup. */
class RateLimitPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Limits.class);

    @Test
    void shouldDefaultToAShareOfFivePerNetworkAndACapOfTwentyPerHour() {
        context.run(started -> {
            RateLimitProperties limits = started.getBean(RateLimitProperties.class);
            assertThat(limits.requestsPerIdentifier()).isEqualTo(5);
            assertThat(limits.requestsPerIdentifierAllNetworks()).isEqualTo(20);
            assertThat(limits.identifierWindow()).hasHours(1);
            assertThat(limits.requestsPerAddress()).isEqualTo(20);
            assertThat(limits.linkChecksPerAddress()).isEqualTo(30);
        });
    }

    @Test
    void shouldRefuseAZeroCapOrAnEmptyWindow() {
        context.withPropertyValues("resetflow.rate-limit.requests-per-identifier-all-networks=0",
                        "resetflow.rate-limit.identifier-window=0s")
                .run(started -> assertThat(started).getFailure().rootCause()
                        .hasMessageContaining("requestsPerIdentifierAllNetworks")
                        .hasMessageContaining("identifierWindow"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RateLimitProperties.class)
    static class Limits {
    }
}

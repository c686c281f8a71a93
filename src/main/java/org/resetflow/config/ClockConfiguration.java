package org.resetflow.config;

import java.time.Clock;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Expiry is computed from an injected clock so tests can move time instead of sleeping. */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesScan("org.resetflow")
@EnableScheduling
class ClockConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}

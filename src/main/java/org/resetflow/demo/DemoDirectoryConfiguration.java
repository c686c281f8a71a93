package org.resetflow.demo;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Serves the demo SCIM directory in demo mode, where {@code resetflow.scim.base-url} is blank, so the SCIM client
 * calls this application's own demo endpoint.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnDemoMode
class DemoDirectoryConfiguration {

    /** Uses the application's {@link Clock} if it has exactly one, so tests that move time move this too. */
    @Bean
    DemoDirectory demoDirectory(ObjectProvider<Clock> clock) {
        return new DemoDirectory(clock.getIfUnique(Clock::systemUTC));
    }

    /** The dialect the demo directory answers in; the SCIM client reads the same property. */
    @Bean
    DemoDialect demoDialect(Environment environment) {
        return DemoDialect.of(environment);
    }

}

package org.resetflow.demo;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves the demo SCIM directory while no real one is configured ({@code resetflow.scim.base-url} empty or
 * missing).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnDemoDirectory
class DemoDirectoryConfiguration {

    /** Uses the application's {@link Clock} if it has exactly one, so tests that move time move this too. */
    @Bean
    DemoDirectory demoDirectory(ObjectProvider<Clock> clock) {
        return new DemoDirectory(clock.getIfUnique(Clock::systemUTC));
    }

}

package org.resetflow.demo;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides demo mode as soon as the configuration is read, before any bean, database or server starts: a refused
 * configuration stops the application here, with the one line of {@link DemoModeFailureAnalyzer}.
 *
 * <p>In demo mode the Camunda webapps get a {@code demo}/{@code demo} admin so a newcomer can watch a reset in
 * Cockpit. Outside demo mode no default user exists: the first admin comes from {@code CAMUNDA_BPM_ADMIN_USER_ID} /
 * {@code CAMUNDA_BPM_ADMIN_USER_PASSWORD}. This has to be a property default, not a bean: the Camunda starter decides
 * from {@code camunda.bpm.admin-user.id} whether to create an admin at all.
 */
class DemoModeDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        DemoMode mode = DemoMode.of(environment);
        environment.getPropertySources().addFirst(new MapPropertySource("resetflow-demo-mode",
                Map.of(DemoMode.DECIDED_AT_STARTUP, mode.name())));
        if (mode == DemoMode.ON && !environment.containsProperty("camunda.bpm.admin-user.id")) {
            environment.getPropertySources().addLast(new MapPropertySource("resetflow-demo-admin", Map.of(
                    "camunda.bpm.admin-user.id", "demo",
                    "camunda.bpm.admin-user.password", "demo",
                    "camunda.bpm.admin-user.first-name", "Demo",
                    "camunda.bpm.admin-user.last-name", "Admin",
                    "camunda.bpm.filter.create", "All tasks")));
        }
    }

}

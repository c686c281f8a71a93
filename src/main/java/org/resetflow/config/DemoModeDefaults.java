package org.resetflow.config;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In demo mode (no directory configured) the Camunda webapps get a {@code demo}/{@code demo} admin so a newcomer
 * can watch a reset in Cockpit. Outside demo mode no default user exists: the first admin comes from
 * {@code CAMUNDA_BPM_ADMIN_USER_ID} / {@code CAMUNDA_BPM_ADMIN_USER_PASSWORD}.
 */
class DemoModeDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean demo = environment.getProperty("resetflow.scim.base-url", "").isBlank();
        if (demo && !environment.containsProperty("camunda.bpm.admin-user.id")) {
            environment.getPropertySources().addLast(new MapPropertySource("resetflow-demo-admin", Map.of(
                    "camunda.bpm.admin-user.id", "demo",
                    "camunda.bpm.admin-user.password", "demo",
                    "camunda.bpm.admin-user.first-name", "Demo",
                    "camunda.bpm.admin-user.last-name", "Admin",
                    "camunda.bpm.filter.create", "All tasks")));
        }
    }
}

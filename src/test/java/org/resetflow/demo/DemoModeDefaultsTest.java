package org.resetflow.demo;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DemoModeDefaultsTest {

    private final DemoModeDefaults defaults = new DemoModeDefaults();

    private final SpringApplication application = new SpringApplication();

    @Test
    void shouldAddTheDemoAdminInDemoMode() {
        // Given neither a directory nor a mail server
        MockEnvironment environment = new MockEnvironment();

        // When the environment is prepared
        this.defaults.postProcessEnvironment(environment, this.application);

        // Then Camunda gets the demo/demo admin, and the decision is on record
        assertThat(environment.getProperty("camunda.bpm.admin-user.id")).isEqualTo("demo");
        assertThat(environment.getProperty("camunda.bpm.admin-user.password")).isEqualTo("demo");
        assertThat(environment.getProperty(DemoMode.DECIDED_AT_STARTUP)).isEqualTo("ON");
    }

    @Test
    void shouldKeepAnAdminConfiguredInDemoMode() {
        // Given demo mode with an admin of one's own
        MockEnvironment environment = new MockEnvironment().withProperty("camunda.bpm.admin-user.id", "kermit");

        // When the environment is prepared
        this.defaults.postProcessEnvironment(environment, this.application);

        // Then that admin stays, and no demo password is added
        assertThat(environment.getProperty("camunda.bpm.admin-user.id")).isEqualTo("kermit");
        assertThat(environment.containsProperty("camunda.bpm.admin-user.password")).isFalse();
    }

    @Test
    void shouldAddNoAdminOutsideDemoMode() {
        // Given a real directory and a real mail server
        MockEnvironment environment = new MockEnvironment()
            .withProperty("resetflow.scim.base-url", "https://directory.example/scim/v2")
            .withProperty("spring.mail.host", "smtp.example.org");

        // When the environment is prepared
        this.defaults.postProcessEnvironment(environment, this.application);

        // Then no default user exists
        assertThat(environment.containsProperty("camunda.bpm.admin-user.id")).isFalse();
        assertThat(environment.getProperty(DemoMode.DECIDED_AT_STARTUP)).isEqualTo("OFF");
    }

    @Test
    void shouldRefuseAMixBeforeAnythingStarts() {
        // Given a real directory but no mail server
        MockEnvironment environment = new MockEnvironment()
            .withProperty("resetflow.scim.base-url", "https://directory.example/scim/v2");

        // When the environment is prepared / Then the refusal comes at once, and no demo admin was added
        assertThatExceptionOfType(DemoModeConfigurationException.class)
            .isThrownBy(() -> this.defaults.postProcessEnvironment(environment, this.application))
            .withMessage("ResetFlow refuses to start: resetflow.scim.base-url is set but spring.mail.host is not. "
                    + "Configure both for production, or neither for demo mode.");
        assertThat(environment.containsProperty("camunda.bpm.admin-user.id")).isFalse();
    }

}

package org.resetflow.demo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mail.javamail.JavaMailSender;

import static org.assertj.core.api.Assertions.assertThat;

class DemoModeConditionsTest {

    private static final String DIRECTORY = "resetflow.scim.base-url=https://directory.example/scim/v2";

    private static final String MAIL_SERVER = "spring.mail.host=smtp.example.org";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
        .withUserConfiguration(DemoDirectoryConfiguration.class, DemoScimController.class,
                DemoDirectoryPageController.class, DemoMailConfiguration.class, DemoInboxController.class,
                DemoUrlsLogger.class, DemoOutages.class)
        .withPropertyValues("resetflow.demo.smtp-port=0");

    @Test
    void shouldRunEveryDemoPartWithoutDirectoryAndMailServer() {
        // Given neither resetflow.scim.base-url nor spring.mail.host

        // When the context starts / Then every demo bean is there
        this.runner.run((context) -> assertThat(context).hasSingleBean(DemoDirectory.class)
            .hasSingleBean(DemoScimController.class)
            .hasSingleBean(DemoDirectoryPageController.class)
            .hasSingleBean(DemoMailbox.class)
            .hasSingleBean(JavaMailSender.class)
            .hasSingleBean(DemoInboxController.class)
            .hasSingleBean(DemoUrlsLogger.class));
    }

    @Test
    void shouldRunEveryDemoPartWhenDemoModeIsSwitchedOnExplicitly() {
        // Given resetflow.demo.enabled=true and nothing else

        // When the context starts / Then every demo bean is there
        this.runner.withPropertyValues("resetflow.demo.enabled=true")
            .run((context) -> assertThat(context).hasSingleBean(DemoDirectory.class)
                .hasSingleBean(DemoMailbox.class)
                .hasSingleBean(DemoInboxController.class)
                .hasSingleBean(DemoUrlsLogger.class));
    }

    @Test
    void shouldRefuseDirectoryWithoutMailServer() {
        // Given a real SCIM directory but no mail server: the demo inbox would show real reset links

        // When the context starts / Then it fails, naming the missing setting
        this.runner.withPropertyValues(DIRECTORY)
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("resetflow.scim.base-url is set but spring.mail.host is not"));
    }

    @Test
    void shouldRefuseMailServerWithoutDirectory() {
        // Given a real mail server but no directory: real mail about demo accounts

        // When the context starts / Then it fails, naming the missing setting
        this.runner.withPropertyValues(MAIL_SERVER)
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("spring.mail.host is set but resetflow.scim.base-url is not"));
    }

    @Test
    void shouldRefuseExplicitDemoModeWithARealServer() {
        // Given demo mode switched on together with a real directory and mail server

        // When the context starts / Then it fails instead of letting demo pages near real accounts
        this.runner.withPropertyValues("resetflow.demo.enabled=true", DIRECTORY, MAIL_SERVER)
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("resetflow.demo.enabled is true but resetflow.scim.base-url and "
                        + "spring.mail.host are set"));
    }

    @Test
    void shouldTreatBlankSettingsAsMissing() {
        // Given whitespace-only settings, e.g. from an empty environment variable with a stray space

        // When the context starts / Then demo mode is on, as the SCIM client assumes for a blank base URL
        this.runner.withPropertyValues("resetflow.scim.base-url= ", "spring.mail.host= ")
            .run((context) -> assertThat(context).hasSingleBean(DemoDirectory.class)
                .hasSingleBean(DemoMailbox.class)
                .hasSingleBean(JavaMailSender.class));
    }

    @Test
    void shouldLeaveEverythingOutWhenBothAreConfigured() {
        // Given a real directory and a real mail server

        // When the context starts / Then demo mode is off entirely
        this.runner.withPropertyValues(DIRECTORY, MAIL_SERVER)
            .run((context) -> assertThat(context).doesNotHaveBean(DemoDirectory.class)
                .doesNotHaveBean(DemoScimController.class)
                .doesNotHaveBean(DemoDirectoryPageController.class)
                .doesNotHaveBean(DemoMailbox.class)
                .doesNotHaveBean(JavaMailSender.class)
                .doesNotHaveBean(DemoInboxController.class)
                .doesNotHaveBean(DemoUrlsLogger.class));
    }

    @Test
    void shouldReadSettingsFromEnvironmentVariables() {
        // Given the production settings as environment variables, the way the README shows them
        Map<String, Object> variables = Map.of("RESETFLOW_SCIM_BASE_URL", "https://directory.example/scim/v2",
                "SPRING_MAIL_HOST", "smtp.example.org");

        // When the context starts / Then they count exactly like properties: demo mode is off
        this.runner
            .withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(
                    new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            variables)))
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(DemoDirectory.class)
                .doesNotHaveBean(DemoMailbox.class));
    }

    @Test
    void shouldFailWhenTheSettingsChangedAfterTheModeWasDecided() {
        // Given demo mode decided while the environment was prepared, and a real directory and mail server added
        // later, as a test's @DynamicPropertySource would
        this.runner.withPropertyValues(DemoMode.DECIDED_AT_STARTUP + "=ON", DIRECTORY, MAIL_SERVER)

            // When the context starts / Then it fails instead of running half a demo (the demo admin is already in)
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("Demo mode was ON when the environment was prepared but is OFF now"));
    }

    @Test
    void shouldRefuseSmtpPortOutOfRange() {
        // Given an impossible SMTP port

        // When the context starts / Then it fails instead of binding somewhere unexpected
        this.runner.withPropertyValues("resetflow.demo.smtp-port=70000")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(BindValidationException.class)
                .hasMessageContaining("smtpPort"));
    }

}

package org.resetflow.demo;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mail.javamail.JavaMailSender;

import static org.assertj.core.api.Assertions.assertThat;

class DemoModeConditionsTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
        .withUserConfiguration(DemoDirectoryConfiguration.class, DemoScimController.class,
                DemoDirectoryPageController.class, DemoMailConfiguration.class, DemoInboxController.class,
                DemoUrlsLogger.class)
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
    void shouldLeaveDirectoryOutWhenRealDirectoryIsConfigured() {
        // Given a real SCIM directory

        // When the context starts / Then no demo directory bean exists, the demo mail server still does
        this.runner.withPropertyValues("resetflow.scim.base-url=https://directory.example/scim/v2")
            .run((context) -> assertThat(context).doesNotHaveBean(DemoDirectory.class)
                .doesNotHaveBean(DemoScimController.class)
                .doesNotHaveBean(DemoDirectoryPageController.class)
                .hasSingleBean(DemoMailbox.class)
                .hasSingleBean(DemoUrlsLogger.class));
    }

    @Test
    void shouldLeaveMailOutWhenRealMailServerIsConfigured() {
        // Given a real mail server

        // When the context starts / Then no demo mail bean exists, not even a JavaMailSender of ours
        this.runner.withPropertyValues("spring.mail.host=smtp.example.org")
            .run((context) -> assertThat(context).doesNotHaveBean(DemoMailbox.class)
                .doesNotHaveBean(JavaMailSender.class)
                .doesNotHaveBean(DemoInboxController.class)
                .hasSingleBean(DemoDirectory.class));
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
        this.runner
            .withPropertyValues("resetflow.scim.base-url=https://directory.example/scim/v2",
                    "spring.mail.host=smtp.example.org")
            .run((context) -> assertThat(context).doesNotHaveBean(DemoDirectory.class)
                .doesNotHaveBean(DemoMailbox.class)
                .doesNotHaveBean(DemoUrlsLogger.class));
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

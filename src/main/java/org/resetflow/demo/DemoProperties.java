package org.resetflow.demo;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.lang.Nullable;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of demo mode.
 *
 * @param enabled {@code true} insists on demo mode and {@code false} forbids it; unset (the default) leaves the
 * decision to whether a directory and a mail server are configured. {@link DemoMode} binds it before any bean exists,
 * and refuses to start when it contradicts them
 * @param smtpPort port of the demo SMTP server on the loopback interface; 3025 is GreenMail's customary SMTP
 * port (no root needed, rarely taken), 0 picks a free port, which is what tests want
 * @param helpdeskPassword demo mode only: the password of the demo engine user {@code demohelpdesk}
 * ({@code RESETFLOW_DEMO_HELPDESK_PASSWORD}); unset or blank: the user name. Never written to the log
 * @param ownerPassword demo mode only: the password of the demo engine user {@code demoowner}
 * ({@code RESETFLOW_DEMO_OWNER_PASSWORD}); unset or blank: the user name. Never written to the log
 * @param adminPassword demo mode only: the password of the demo engine user {@code demoadmin}
 * ({@code RESETFLOW_DEMO_ADMIN_PASSWORD}); unset or blank: the user name. Never written to the log
 * @param directory demo mode only: the demo directory, {@code scim} ({@code resetflow.scim.dialect} chooses its
 * dialect) or {@code ldap} (UnboundID's in-memory LDAP server with the same users, spoken to in the OpenLDAP dialect)
 */
@ConfigurationProperties("resetflow.demo")
@Validated
record DemoProperties(@Nullable Boolean enabled, @DefaultValue("3025") @Min(0) @Max(65535) int smtpPort,
                      @Nullable String helpdeskPassword, @Nullable String ownerPassword,
                      @Nullable String adminPassword,
                      @DefaultValue("scim") @Pattern(regexp = "(?i)scim|ldap") String directory) {

    @Override
    public String toString() {
        // A record would print the passwords.
        return "DemoProperties[enabled=" + enabled + ", smtpPort=" + smtpPort + ", directory=" + directory + "]";
    }
}

package org.resetflow.mail;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sender of ResetFlow's mails, and the time zone their times are told in when the account names none (SCIM
 * {@code timezone}); SMTP itself is configured with the standard {@code spring.mail.*} keys.
 */
@Validated
@ConfigurationProperties("resetflow.mail")
record MailProperties(@NotBlank @DefaultValue("ResetFlow <no-reply@resetflow.local>") String from,
                      @NotNull @DefaultValue("UTC") ZoneId timeZone) {
}

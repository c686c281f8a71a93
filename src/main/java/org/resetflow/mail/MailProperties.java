package org.resetflow.mail;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Sender of ResetFlow's mails; SMTP itself is configured with the standard {@code spring.mail.*} keys. */
@Validated
@ConfigurationProperties("resetflow.mail")
record MailProperties(@NotBlank @DefaultValue("ResetFlow <no-reply@resetflow.local>") String from) {
}

package org.resetflow.mail;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sender of ResetFlow's mails, and the time zone their times are told in when the account names none (SCIM
 * {@code timezone}); SMTP itself is configured with the standard {@code spring.mail.*} keys.
 *
 * @param from the sender of every mail, as a mailbox ({@code Name <address>}); the mail server may insist on one it
 *     knows
 * @param timeZone the zone mails tell their times in when the account has none (SCIM {@code timezone})
 * @param sentMailRetention how long the sent-mail ledger ({@code rf_sent_mail}) remembers a mail the SMTP server
 *     accepted: as long as a job that sent one could still run again (an incident retried in Cockpit), and as long as
 *     the history of the reset is kept
 */
@Validated
@ConfigurationProperties("resetflow.mail")
record MailProperties(@NotBlank @DefaultValue("ResetFlow <no-reply@resetflow.local>") String from,
                      @NotNull @DefaultValue("UTC") ZoneId timeZone,
                      @NotNull @DefaultValue("P30D") Duration sentMailRetention) {

    @ConstructorBinding
    MailProperties {
    }

    MailProperties(String from, ZoneId timeZone) {
        this(from, timeZone, Duration.ofDays(30));
    }
}

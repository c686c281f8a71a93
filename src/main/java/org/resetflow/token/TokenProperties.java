package org.resetflow.token;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The reset links' key, and how often what a finished reset leaves behind is cleared.
 *
 * @param key the secret every reset link is derived from ({@code RESETFLOW_TOKEN_KEY}), only from the environment or
 *     a secrets store: at least 32 random characters, the same on every node. Demo mode
 *     generates one per start; outside demo mode ResetFlow refuses to start without it
 * @param purgeInterval how often the rows a reset leaves behind are deleted once nobody needs them: reset links a
 *     day past their expiry ({@code rf_reset_token}), the sent-mail ledger past {@code resetflow.mail.sent-mail-retention}
 *     ({@code rf_sent_mail}), requests a day old that never reached their look-up ({@code rf_reset_request}), and the
 *     per-account reset times past {@code resetflow.helpdesk.recent-requests-window} ({@code rf_account_reset})
 */
@Validated
@ConfigurationProperties("resetflow.token")
record TokenProperties(String key, @NotNull @DurationMin(seconds = 1) @DefaultValue("PT1H") Duration purgeInterval) {

    static final int MIN_KEY_LENGTH = 32;

    @Override
    public String toString() {
        return "TokenProperties[key=" + (key == null ? "unset" : key.length() + " characters") + ", purgeInterval="
                + purgeInterval + "]";
    }
}

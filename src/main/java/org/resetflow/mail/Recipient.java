package org.resetflow.mail;

import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_DISPLAY_NAME;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_EMAIL;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_LANGUAGE;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_TIME_ZONE;
import static org.resetflow.PasswordResetProcess.VAR_REQUEST_LANGUAGE;

import java.time.ZoneId;
import java.util.Locale;
import java.util.function.Function;
import org.resetflow.language.Languages;

/**
 * Who a mail goes to, in which language and with which clock: the account's language (SCIM
 * {@code preferredLanguage} or {@code locale}) before the language of the page the reset was asked for on, and the
 * account's time zone (SCIM {@code timezone}) before the configured one.
 */
record Recipient(String address, String name, Locale locale, ZoneId zone) {

    static Recipient of(Function<String, Object> variables, ZoneId defaultZone) {
        Locale locale = Languages.firstSupported(text(variables, VAR_ACCOUNT_LANGUAGE),
                text(variables, VAR_REQUEST_LANGUAGE)).orElse(Languages.FALLBACK);
        ZoneId zone = Languages.timeZone(text(variables, VAR_ACCOUNT_TIME_ZONE)).orElse(defaultZone);
        return new Recipient(text(variables, VAR_ACCOUNT_EMAIL), text(variables, VAR_ACCOUNT_DISPLAY_NAME), locale,
                zone);
    }

    private static String text(Function<String, Object> variables, String name) {
        return variables.apply(name) instanceof String value ? value : null;
    }
}

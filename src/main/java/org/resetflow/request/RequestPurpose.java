package org.resetflow.request;

import java.util.Locale;
import org.resetflow.PasswordResetProcess;

/**
 * What a requester asked for on the request page: a new password (the default), or an unlock of an account that is
 * locked out while its owner still knows the password. Not a secret: it is kept with the inbox row and becomes the
 * reset's channel. The policy table decides what each gets; the request page's answer is the same for both.
 */
public enum RequestPurpose {

    RESET(PasswordResetProcess.CHANNEL_SELF_SERVICE),
    UNLOCK(PasswordResetProcess.CHANNEL_UNLOCK);

    private final String channel;

    RequestPurpose(String channel) {
        this.channel = channel;
    }

    /** The reset's channel ({@code channel}) for a request of this purpose. */
    String channel() {
        return channel;
    }

    /** The form's or the row's value; anything missing or unknown is a reset, never an error page. */
    public static RequestPurpose of(String value) {
        return value != null && value.strip().toLowerCase(Locale.ROOT).equals("unlock") ? UNLOCK : RESET;
    }

    /** The value of the form field and of the inbox row's column. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}

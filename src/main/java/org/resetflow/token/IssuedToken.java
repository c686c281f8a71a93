package org.resetflow.token;

import java.time.Instant;

/**
 * A freshly issued token, to be mailed and then dropped. {@link #toString()} never shows the value.
 *
 * @param replacedReset the reset whose link this one replaced as the account's live link, or {@code null}
 */
public record IssuedToken(String value, Instant expiresAt, String replacedReset) {

    @Override
    public String toString() {
        return "IssuedToken[expiresAt=" + expiresAt + ", replacedReset=" + replacedReset + "]";
    }
}

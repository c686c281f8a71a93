package org.resetflow.token;

import java.time.Instant;

/** A freshly issued token, to be mailed and then dropped. {@link #toString()} never shows the value. */
public record IssuedToken(String value, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedToken[expiresAt=" + expiresAt + "]";
    }
}

package org.resetflow.token;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param key the secret every reset link is derived from ({@code RESETFLOW_TOKEN_KEY}), only from the environment or
 *     a secrets store: at least {@link #MIN_KEY_LENGTH} random characters, the same on every node. Demo mode
 *     generates one per start; outside demo mode ResetFlow refuses to start without it
 */
@ConfigurationProperties("resetflow.token")
record TokenProperties(String key) {

    static final int MIN_KEY_LENGTH = 32;

    @Override
    public String toString() {
        return "TokenProperties[key=" + (key == null ? "unset" : key.length() + " characters") + "]";
    }
}

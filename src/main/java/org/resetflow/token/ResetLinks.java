package org.resetflow.token;

import org.resetflow.config.ResetFlowProperties;

/** The shape of a reset link: {@code {public-base-url}/reset/{token}}. */
public final class ResetLinks {

    public static final String PATH = "/reset/";

    private ResetLinks() {
    }

    static String link(ResetFlowProperties properties, IssuedToken token) {
        return properties.baseUrl() + PATH + token.value();
    }
}

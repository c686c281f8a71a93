package org.resetflow.scim;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the directory is and how to authenticate. An empty {@code baseUrl} selects the embedded demo directory.
 * Credentials come from the environment ({@code RESETFLOW_SCIM_AUTH_TOKEN}, ...), never from the repository.
 */
@Validated
@ConfigurationProperties("resetflow.scim")
record ScimProperties(
        @DefaultValue("") String baseUrl,
        @Valid @NotNull @DefaultValue Auth auth,
        @NotNull @DefaultValue("3s") Duration connectTimeout,
        @NotNull @DefaultValue("10s") Duration readTimeout) {

    boolean demo() {
        return baseUrl == null || baseUrl.isBlank();
    }

    record Auth(@NotNull @DefaultValue("none") AuthType type, String username, String password, String token) {

        @Override
        public String toString() {
            // Never print credentials, even in a configuration dump.
            return "Auth[type=" + type + ", username=" + username + "]";
        }
    }

    enum AuthType { NONE, BASIC, BEARER }
}

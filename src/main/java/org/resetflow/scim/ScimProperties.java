package org.resetflow.scim;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the directory is, which dialect it speaks and how to authenticate. An empty {@code baseUrl} selects the
 * embedded demo directory. Credentials come from the environment ({@code RESETFLOW_SCIM_AUTH_TOKEN},
 * {@code RESETFLOW_SCIM_AUTH_CLIENT_SECRET}, ...), never from the repository.
 */
@Validated
@ConfigurationProperties("resetflow.scim")
record ScimProperties(
        @DefaultValue("") String baseUrl,
        @NotNull @DefaultValue("rfc7644") Dialect dialect,
        @Valid @NotNull @DefaultValue Auth auth,
        @Valid @NotNull @DefaultValue Retry retry,
        @NotNull @DefaultValue("3s") Duration connectTimeout,
        @NotNull @DefaultValue("5s") Duration readTimeout) {

    boolean demo() {
        return baseUrl == null || baseUrl.isBlank();
    }

    /** What the directory speaks; {@code auto} reads {@code /ServiceProviderConfig} and then speaks RFC 7644. */
    enum Dialect { RFC7644, GLUU, ORACLE, PING, AUTO }

    /**
     * {@code type}: none, basic ({@code username}, {@code password}), bearer (a static {@code token}, e.g. Gluu's
     * test mode) or client-credentials (OAuth 2.0 {@code token-url}, {@code client-id}, {@code client-secret},
     * {@code scopes}; the token is cached until it expires).
     */
    record Auth(@NotNull @DefaultValue("none") AuthType type, String username, String password, String token,
                String tokenUrl, String clientId, String clientSecret, @DefaultValue List<String> scopes) {

        @Override
        public String toString() {
            // Never print credentials, even in a configuration dump.
            return "Auth[type=" + type + ", username=" + username + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
                    + ", scopes=" + scopes + "]";
        }
    }

    enum AuthType { NONE, BASIC, BEARER, CLIENT_CREDENTIALS }

    /**
     * In-process retries for 429, 5xx, timeouts and refused connections: {@code attempts} in all, waiting
     * {@code backoff}, then twice that, and so on (or the server's {@code Retry-After}, capped at {@code maxBackoff}).
     * No retry starts after {@code deadline} from the first attempt. Kept short: a set-password call runs while the
     * user waits for the page, holding a database connection.
     */
    record Retry(@Min(1) @DefaultValue("3") int attempts,
                 @NotNull @DefaultValue("200ms") Duration backoff,
                 @NotNull @DefaultValue("2s") Duration maxBackoff,
                 @NotNull @DefaultValue("8s") Duration deadline) {
    }
}

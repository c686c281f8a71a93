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
 *
 * @param baseUrl        the SCIM base URL (the part before {@code /Users}), e.g.
 *                       {@code https://idp.example.org/scim/v2}; empty: the embedded demo directory. Set it together
 *                       with {@code spring.mail.host}: one without the other refuses to start
 * @param dialect        what the directory speaks: {@code rfc7644}, {@code gluu}, {@code oracle}, {@code ping} or
 *                       {@code auto} (reads {@code /ServiceProviderConfig}); see docs/dialects.md
 * @param auth           how ResetFlow authenticates to the directory
 * @param retry          in-process retries of one directory call: reads on 429, 5xx, timeouts and refused
 *                       connections; password writes only when they surely did not land
 * @param connectTimeout the connection of one attempt
 * @param readTimeout    the wait for one attempt's answer; a user waits on the password page for at most about
 *                       {@code connectTimeout + readTimeout + retry.deadline}
 */
@Validated
@ConfigurationProperties("resetflow.scim")
record ScimProperties(
        @DefaultValue("") String baseUrl,
        @NotNull @DefaultValue("rfc7644") Dialect dialect,
        @Valid @NotNull @DefaultValue Auth auth,
        @Valid @NotNull @DefaultValue Retry retry,
        @NotNull @DefaultValue("3s") Duration connectTimeout,
        @NotNull @DefaultValue("5s") Duration readTimeout,
        @Valid @NotNull @DefaultValue Search search) {

    boolean demo() {
        return baseUrl == null || baseUrl.isBlank();
    }

    /** What the directory speaks; {@code auto} reads {@code /ServiceProviderConfig} and then speaks RFC 7644. */
    enum Dialect { RFC7644, GLUU, ORACLE, PING, AUTO }

    /**
     * {@code type}: none, basic ({@code username}, {@code password}), bearer (a static {@code token}, e.g. Gluu's
     * test mode) or client-credentials (OAuth 2.0 {@code token-url}, {@code client-id}, {@code client-secret},
     * {@code scopes}; the token is cached until it expires).
     *
     * @param type         {@code none}, {@code basic}, {@code bearer} or {@code client-credentials}; ResetFlow
     *                     refuses to start when a setting the type needs is missing
     * @param username     the user name for {@code basic}
     * @param password     the password for {@code basic}, only from the environment
     *                     ({@code RESETFLOW_SCIM_AUTH_PASSWORD})
     * @param token        the static bearer token for {@code bearer}, only from the environment
     *                     ({@code RESETFLOW_SCIM_AUTH_TOKEN})
     * @param tokenUrl     the OAuth 2.0 token endpoint for {@code client-credentials}
     * @param clientId     the OAuth 2.0 client id for {@code client-credentials}
     * @param clientSecret the OAuth 2.0 client secret for {@code client-credentials}, only from the environment
     *                     ({@code RESETFLOW_SCIM_AUTH_CLIENT_SECRET})
     * @param scopes       the scopes asked for with {@code client-credentials}, comma-separated; empty: none asked
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
     * Batch look-ups: one search's filter travels in the query string, and servers and proxies cap the request line.
     *
     * @param maxFilterLength the longest filter of one batch search, in characters once URL-encoded; 8 KiB request
     *                        lines are common (Tomcat, Jetty, nginx): lower it behind a proxy with a smaller cap
     *                        (IIS: a 2,048-character query)
     */
    record Search(@Min(200) @DefaultValue("4000") int maxFilterLength) {
    }

    /**
     * In-process retries for 429, 5xx, timeouts and refused connections: {@code attempts} in all, waiting
     * {@code backoff}, then twice that, and so on (or the server's {@code Retry-After}, capped at {@code maxBackoff}).
     * No retry starts after {@code deadline} from the first attempt. Kept short: a set-password call runs while the
     * user waits for the page, holding a database connection.
     *
     * @param attempts   attempts in all, the first included; 1: no retry
     * @param backoff    the wait before the first retry, doubled before each further one; a {@code Retry-After}
     *                   from the server takes its place
     * @param maxBackoff the longest wait between two attempts, also when the server's {@code Retry-After} asks more
     * @param deadline   no retry starts later than this after the first attempt
     */
    record Retry(@Min(1) @DefaultValue("3") int attempts,
                 @NotNull @DefaultValue("200ms") Duration backoff,
                 @NotNull @DefaultValue("2s") Duration maxBackoff,
                 @NotNull @DefaultValue("8s") Duration deadline) {
    }
}

package org.resetflow.scim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds a dialect the way the application does, against a test server, with waits counted instead of slept. */
final class Dialects {

    final List<Duration> waits = new ArrayList<>();
    final ScimProperties properties;
    final DirectoryHttp http;

    Dialects(String baseUrl, ScimProperties.Dialect dialect, ScimProperties.Auth auth, Clock clock) {
        this(baseUrl, dialect, auth, clock, Duration.ofSeconds(8));
    }

    Dialects(String baseUrl, ScimProperties.Dialect dialect, ScimProperties.Auth auth, Clock clock,
             Duration deadline) {
        properties = new ScimProperties(baseUrl, dialect, auth,
                new ScimProperties.Retry(3, Duration.ofMillis(200), Duration.ofSeconds(2), deadline),
                Duration.ofSeconds(2), Duration.ofSeconds(1), new ScimProperties.Search(4000));
        var rest = ScimClientConfiguration.restClient(properties, null);
        http = new DirectoryHttp(rest, new ScimEndpoint(properties), new DirectoryCredentials(properties, rest, clock),
                properties, waits::add);
    }

    Dialects(String baseUrl, ScimProperties.Dialect dialect, ScimProperties.Auth auth) {
        this(baseUrl, dialect, auth, Clock.systemUTC());
    }

    ScimDialect directory() {
        return ScimClientConfiguration.dialect(properties.dialect(), http);
    }

    static ScimProperties.Auth none() {
        return new ScimProperties.Auth(ScimProperties.AuthType.NONE, null, null, null, null, null, null, List.of());
    }

    static ScimProperties.Auth bearer(String token) {
        return new ScimProperties.Auth(ScimProperties.AuthType.BEARER, null, null, token, null, null, null, List.of());
    }

    static ScimProperties.Auth basic(String user, String password) {
        return new ScimProperties.Auth(ScimProperties.AuthType.BASIC, user, password, null, null, null, null, List.of());
    }

    static ScimProperties.Auth clientCredentials(String tokenUrl, String id, String secret, List<String> scopes) {
        return new ScimProperties.Auth(ScimProperties.AuthType.CLIENT_CREDENTIALS, null, null, null, tokenUrl, id,
                secret, scopes);
    }
}

package org.resetflow.scim;

import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.DirectoryConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Puts the configured credentials on each directory request: HTTP Basic, a static bearer token, or a bearer token
 * from an OAuth 2.0 client-credentials grant, cached until shortly before it expires. No credential ever reaches a
 * log line or an exception message.
 */
@Component
class DirectoryCredentials {

    /** A token is renewed this long before the server says it expires, so it never dies in flight. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private final ScimProperties.Auth auth;
    private final RestClient http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    private String cachedToken;
    private Instant cachedUntil = Instant.MIN;

    DirectoryCredentials(ScimProperties properties, RestClient scimRestClient, Clock clock) {
        this.auth = properties.auth();
        this.http = scimRestClient;
        this.clock = clock;
        switch (auth.type()) {
            case BASIC -> require("username", auth.username(), "password", auth.password());
            case BEARER -> require("token", auth.token());
            case CLIENT_CREDENTIALS -> require("token-url", auth.tokenUrl(), "client-id", auth.clientId(),
                    "client-secret", auth.clientSecret());
            case NONE -> { }
        }
    }

    /** Fails at start-up, naming the missing settings (never a value), instead of at the first reset. */
    private void require(String... namesAndValues) {
        StringBuilder missing = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null || namesAndValues[i + 1].isBlank()) {
                missing.append(missing.isEmpty() ? "" : ", ").append("resetflow.scim.auth.").append(namesAndValues[i]);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("resetflow.scim.auth.type=" + auth.type().name().toLowerCase().replace('_', '-')
                    + " needs " + missing);
        }
    }

    void apply(HttpHeaders headers) {
        switch (auth.type()) {
            case BASIC -> headers.setBasicAuth(auth.username(), auth.password());
            case BEARER -> headers.setBearerAuth(auth.token());
            case CLIENT_CREDENTIALS -> headers.setBearerAuth(accessToken());
            case NONE -> { }
        }
    }

    /** After a 401: true if a fresh credential may help (a cached token was dropped), false if nothing can change. */
    synchronized boolean renew() {
        if (auth.type() != ScimProperties.AuthType.CLIENT_CREDENTIALS || cachedToken == null) {
            return false;
        }
        cachedToken = null;
        cachedUntil = Instant.MIN;
        return true;
    }

    private synchronized String accessToken() {
        if (cachedToken != null && clock.instant().isBefore(cachedUntil)) {
            return cachedToken;
        }
        Instant requestedAt = clock.instant();
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (auth.scopes() != null && !auth.scopes().isEmpty()) {
            form.append("&scope=").append(URLEncoder.encode(String.join(" ", auth.scopes()), StandardCharsets.UTF_8));
        }
        URI tokenUrl = URI.create(auth.tokenUrl());
        String where = tokenUrl.getHost() + (tokenUrl.getPort() > 0 ? ":" + tokenUrl.getPort() : "");
        ScimAnswer answer;
        try {
            answer = http.post().uri(tokenUrl)
                    .headers(h -> h.setBasicAuth(URLEncoder.encode(auth.clientId(), StandardCharsets.UTF_8),
                            URLEncoder.encode(auth.clientSecret(), StandardCharsets.UTF_8)))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .accept(MediaType.APPLICATION_JSON)
                    .body(form.toString())
                    .exchange((request, response) -> ScimAnswer.read(response), false);
        } catch (ResourceAccessException e) {
            throw new DirectoryException("Token endpoint " + where + " unreachable: "
                    + DirectoryHttp.rootCauseName(e), 0);
        }
        if (answer.status() == 400 || answer.status() == 401 || answer.status() == 403) {
            // RFC 6749 §5.2: invalid_client, unauthorized_client, invalid_scope, ... are all configuration faults
            throw new DirectoryConfigurationException("Token endpoint " + where + " refused ResetFlow's client "
                    + "credentials: HTTP " + answer.status() + oauthError(answer.body())
                    + "; check resetflow.scim.auth.client-id, client-secret and scopes", answer.status());
        }
        if (answer.status() != 200) {
            throw new DirectoryException("Token endpoint " + where + " failed: HTTP " + answer.status(), answer.status());
        }
        try {
            JsonNode body = json.readTree(answer.body());
            String token = body.path("access_token").asText(null);
            if (token == null || token.isBlank()) {
                throw new DirectoryException("Token endpoint " + where + " answered without an access_token", 200);
            }
            long seconds = body.path("expires_in").asLong(DEFAULT_LIFETIME.toSeconds());
            cachedToken = token;
            cachedUntil = requestedAt.plusSeconds(seconds).minus(EXPIRY_MARGIN);
            return token;
        } catch (java.io.IOException e) {
            throw new DirectoryException("Token endpoint " + where + " sent an unreadable answer", 200);
        }
    }

    private String oauthError(String body) {
        try {
            String error = json.readTree(body).path("error").asText("");
            return error.matches("[a-z_]{1,40}") ? " (" + error + ")" : "";
        } catch (Exception e) {
            return "";
        }
    }
}

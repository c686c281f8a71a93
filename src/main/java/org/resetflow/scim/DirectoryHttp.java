package org.resetflow.scim;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * One HTTP exchange with the directory, the same for every dialect: credentials on, 401/403 turned into a
 * configuration fault (never retried here), 429, 5xx, timeouts and refused connections retried with back-off and
 * then reported as a {@link DirectoryException} that names the directory, the operation and the status. Every
 * other answer goes back to the dialect, which knows what it means.
 */
@Component
class DirectoryHttp {

    static final MediaType SCIM_JSON = MediaType.parseMediaType("application/scim+json");

    private static final Logger log = LoggerFactory.getLogger(DirectoryHttp.class);

    /** Waits between attempts; a field so tests can count the waits instead of sleeping. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final RestClient http;
    private final ScimEndpoint endpoint;
    private final DirectoryCredentials credentials;
    private final ScimProperties.Retry retry;
    private final Sleeper sleeper;

    @Autowired
    DirectoryHttp(RestClient scimRestClient, ScimEndpoint endpoint, DirectoryCredentials credentials,
                  ScimProperties properties) {
        this(scimRestClient, endpoint, credentials, properties, duration -> Thread.sleep(duration.toMillis()));
    }

    DirectoryHttp(RestClient scimRestClient, ScimEndpoint endpoint, DirectoryCredentials credentials,
                  ScimProperties properties, Sleeper sleeper) {
        this.http = scimRestClient;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.retry = properties.retry();
        this.sleeper = sleeper;
    }

    /**
     * {@code base/segment/segment...}, each segment encoded as a path segment: a {@code /} in an id stays inside its
     * segment, while characters a segment may hold (Gluu's {@code @!} in an inum) are sent as they are.
     */
    URI uri(String... segments) {
        return UriComponentsBuilder.fromUriString(endpoint.baseUrl()).pathSegment(segments).build().encode().toUri();
    }

    URI search(String filter) {
        return UriComponentsBuilder.fromUriString(endpoint.baseUrl()).pathSegment("Users")
                .queryParam("filter", "{filter}").queryParam("count", "{count}")
                .encode().buildAndExpand(filter, 2).toUri();
    }

    String describe() {
        return endpoint.describe();
    }

    ScimAnswer get(String operation, URI uri, List<MediaType> accept) {
        return exchange(operation, HttpMethod.GET, uri, accept, null, null, null);
    }

    /**
     * @param operation for messages, e.g. "set password": never a value
     * @param ifMatch an entity tag to send as {@code If-Match}, or null
     */
    ScimAnswer exchange(String operation, HttpMethod method, URI uri, List<MediaType> accept,
                        MediaType contentType, String body, String ifMatch) {
        boolean renewed = false;
        String failure = null;
        int status = 0;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            ScimAnswer answer;
            try {
                answer = once(method, uri, accept, contentType, body, ifMatch);
            } catch (ResourceAccessException e) {
                status = 0;
                failure = "unreachable (" + rootCauseName(e) + ")";
                pause(operation, attempt, null);
                continue;
            }
            status = answer.status();
            if (status == 401 && !renewed && credentials.renew()) {
                renewed = true;
                attempt--;
                continue;
            }
            if (status == 401 || status == 403) {
                throw new DirectoryConfigurationException("Directory " + describe() + " refused ResetFlow's "
                        + "credentials for " + operation + ": HTTP " + status + "; check resetflow.scim.auth.*", status);
            }
            if (status == 429 || status >= 500) {
                failure = "HTTP " + status;
                pause(operation, attempt, answer.retryAfter());
                continue;
            }
            return answer;
        }
        throw new DirectoryException("Directory " + describe() + " failed to " + operation + ": " + failure
                + " after " + retry.attempts() + " attempt" + (retry.attempts() == 1 ? "" : "s"), status);
    }

    private ScimAnswer once(HttpMethod method, URI uri, List<MediaType> accept, MediaType contentType, String body,
                            String ifMatch) {
        RestClient.RequestBodySpec request = http.method(method).uri(uri)
                .headers(credentials::apply)
                .accept(accept.toArray(MediaType[]::new));
        if (ifMatch != null) {
            request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        if (body != null) {
            request.contentType(contentType).body(body);
        }
        return request.exchange((req, response) -> ScimAnswer.read(response), false);
    }

    private void pause(String operation, int attempt, String retryAfter) {
        if (attempt >= retry.attempts()) {
            return;
        }
        Duration wait = retry.backoff().multipliedBy(1L << Math.min(attempt - 1, 16));
        if (retryAfter != null && retryAfter.matches("\\d{1,6}")) {
            wait = Duration.ofSeconds(Long.parseLong(retryAfter));
        }
        if (wait.compareTo(retry.maxBackoff()) > 0) {
            wait = retry.maxBackoff();
        }
        log.debug("Directory {}: retrying {} in {} ms (attempt {} of {})", describe(), operation, wait.toMillis(),
                attempt + 1, retry.attempts());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryException("Interrupted while waiting to retry " + operation + " at " + describe(), 0);
        }
    }

    static String rootCauseName(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}

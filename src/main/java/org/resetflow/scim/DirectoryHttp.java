package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.DirectoryConfigurationException;
import org.resetflow.directory.PasswordWriteOutcomeUnknownException;
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
 * configuration fault (never retried here), failures retried with back-off within one overall deadline and then
 * reported as a {@link DirectoryException} that names the directory, the operation and the status. Every other
 * answer goes back to the dialect, which knows what it means.
 *
 * <p>Reads are retried on 429, 5xx, timeouts and refused connections. A write is retried only when it surely did not
 * land: the connection was refused or never made, or the directory answered 429 or 503. When a write was sent and
 * no answer tells its outcome (a read timeout, a broken connection, 502 or 504), it is not repeated: that is a
 * {@link PasswordWriteOutcomeUnknownException}.
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
    private final int maxFilterLength;
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
        this.maxFilterLength = properties.search().maxFilterLength();
        this.sleeper = sleeper;
    }

    /**
     * {@code base/segment/segment...}, each segment encoded as a path segment: a {@code /} in an id stays inside its
     * segment, while characters a segment may hold (Gluu's {@code @!} in an inum) are sent as they are.
     */
    URI uri(String... segments) {
        return UriComponentsBuilder.fromUriString(endpoint.baseUrl()).pathSegment(segments).build().encode().toUri();
    }

    /** A single look-up's search: two results are enough to tell one account from an ambiguous identifier. */
    URI search(String filter) {
        return search(filter, 2);
    }

    URI search(String filter, int count) {
        return UriComponentsBuilder.fromUriString(endpoint.baseUrl()).pathSegment("Users")
                .queryParam("filter", "{filter}").queryParam("count", "{count}")
                .encode().buildAndExpand(filter, count).toUri();
    }

    /** The longest filter, URL-encoded, that one search may carry ({@code resetflow.scim.search.max-filter-length}). */
    int maxFilterLength() {
        return maxFilterLength;
    }

    /** One attempt and no retry: a health check must answer quickly, and it is asked again anyway. */
    ScimAnswer probe(String operation, URI uri, List<MediaType> accept) {
        ScimAnswer answer;
        try {
            answer = once(HttpMethod.GET, uri, accept, null, null, null);
        } catch (ResourceAccessException e) {
            throw new DirectoryException("Directory " + describe() + " failed to " + operation + ": unreachable ("
                    + rootCauseName(e) + ")", 0);
        }
        if (answer.status() == 401 || answer.status() == 403) {
            throw new DirectoryConfigurationException("Directory " + describe() + " refused ResetFlow's credentials"
                    + " for " + operation + ": HTTP " + answer.status() + "; check resetflow.scim.auth.*",
                    answer.status());
        }
        return answer;
    }

    String describe() {
        return endpoint.describe();
    }

    ScimAnswer get(String operation, URI uri, List<MediaType> accept) {
        return exchange(operation, HttpMethod.GET, uri, accept, null, null, null, true);
    }

    /**
     * A write, sent at most once unless it surely did not land.
     *
     * @param operation for messages, e.g. "set password": never a value
     * @param ifMatch an entity tag to send as {@code If-Match}, or null
     */
    ScimAnswer write(String operation, HttpMethod method, URI uri, List<MediaType> accept,
                     MediaType contentType, String body, String ifMatch) {
        return exchange(operation, method, uri, accept, contentType, body, ifMatch, false);
    }

    private ScimAnswer exchange(String operation, HttpMethod method, URI uri, List<MediaType> accept,
                                MediaType contentType, String body, String ifMatch, boolean repeatable) {
        long deadline = System.nanoTime() + retry.deadline().toNanos();
        boolean renewed = false;
        String failure = null;
        int status = 0;
        int attempts = 0;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            attempts = attempt;
            ScimAnswer answer;
            try {
                answer = once(method, uri, accept, contentType, body, ifMatch);
            } catch (ResourceAccessException e) {
                status = 0;
                failure = "unreachable (" + rootCauseName(e) + ")";
                if (!repeatable && wasSent(e)) {
                    throw new PasswordWriteOutcomeUnknownException("Directory " + describe() + " gave no answer to "
                            + operation + " (" + rootCauseName(e) + "); not sent again", 0);
                }
                if (!pause(operation, attempt, null, deadline)) {
                    break;
                }
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
            if (!repeatable && (status == 502 || status == 504)) {
                throw new PasswordWriteOutcomeUnknownException("Directory " + describe() + " answered HTTP " + status
                        + " to " + operation + ": a gateway gave up, the outcome is unknown; not sent again", status);
            }
            if (status == 429 || status == 503 || (repeatable && status >= 500)) {
                failure = "HTTP " + status;
                if (!pause(operation, attempt, answer.retryAfter(), deadline)) {
                    break;
                }
                continue;
            }
            if (status >= 500) {
                // The directory says the write failed; sending it again is not ours to decide on the user's time.
                failure = "HTTP " + status;
                break;
            }
            return answer;
        }
        throw new DirectoryException("Directory " + describe() + " failed to " + operation + ": " + failure + " after "
                + attempts + " attempt" + (attempts == 1 ? "" : "s"), status);
    }

    /**
     * Whether a failed exchange may have reached the directory. Only a connection that was never made proves the
     * request was not sent: refused, not resolved, or a connect timeout.
     */
    static boolean wasSent(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException
                    || cause instanceof java.net.http.HttpConnectTimeoutException
                    || cause instanceof java.nio.channels.UnresolvedAddressException) {
                return false;
            }
        }
        return true;
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

    /** Waits before the next attempt; false when there is none left, or no time for it before the deadline. */
    private boolean pause(String operation, int attempt, String retryAfter, long deadline) {
        if (attempt >= retry.attempts()) {
            return false;
        }
        Duration wait = retry.backoff().multipliedBy(1L << Math.min(attempt - 1, 16));
        if (retryAfter != null && retryAfter.matches("\\d{1,6}")) {
            wait = Duration.ofSeconds(Long.parseLong(retryAfter));
        }
        if (wait.compareTo(retry.maxBackoff()) > 0) {
            wait = retry.maxBackoff();
        }
        if (System.nanoTime() + wait.toNanos() >= deadline) {
            log.debug("Directory {}: no time left before the deadline to retry {}", describe(), operation);
            return false;
        }
        log.debug("Directory {}: retrying {} in {} ms (attempt {} of {})", describe(), operation, wait.toMillis(),
                attempt + 1, retry.attempts());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryException("Interrupted while waiting to retry " + operation + " at " + describe(), 0);
        }
        return true;
    }

    static String rootCauseName(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}

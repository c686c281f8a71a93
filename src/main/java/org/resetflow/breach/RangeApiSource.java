package org.resetflow.breach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The k-anonymity range API in the Have I Been Pwned format: {@code GET {base}/range/{first 5 hex of the SHA-1}}
 * answers every known suffix with that prefix as {@code SUFFIX:COUNT} lines. Only the prefix leaves the service.
 * {@code Add-Padding: true} asks for padding lines (count 0) so that the answer's size tells an observer nothing
 * about the prefix; they are ignored here.
 *
 * <p>One deadline bounds the whole look-up, connect, headers and body together: the answer is read as it arrives,
 * and the caller waits for the complete answer at most that long, then gives the exchange up. A request timeout
 * alone would cover only the headers, and a server that sent them and then stalled held a submission for minutes.
 */
class RangeApiSource implements BreachSource {

    static final int PREFIX_LENGTH = 5;
    /** A real range answer has about a thousand lines; a broken mirror must not make us read for ever. */
    private static final int MAX_LINES = 100_000;

    private final BreachedPasswordProperties.RangeApi settings;
    private final HttpClient http;

    RangeApiSource(BreachedPasswordProperties.RangeApi settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public long sightings(String sha1Hex) throws IOException {
        String prefix = sha1Hex.substring(0, PREFIX_LENGTH);
        String suffix = sha1Hex.substring(PREFIX_LENGTH);
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.rangeUrl(prefix)))
                .timeout(settings.deadline())
                .header("Add-Padding", "true")
                .header("User-Agent", "ResetFlow")
                .GET()
                .build();
        // Completes only once the whole body has been read (or the exchange failed), so one wait covers it all.
        CompletableFuture<HttpResponse<Long>> answer = http.sendAsync(request, info -> info.statusCode() == 200
                ? BodySubscribers.fromLineSubscriber(new SuffixCount(suffix), SuffixCount::count,
                        StandardCharsets.US_ASCII, null)
                : BodySubscribers.replacing(null));
        try {
            HttpResponse<Long> response = answer.get(settings.deadline().toNanos(), TimeUnit.NANOSECONDS);
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            return response.body();
        } catch (TimeoutException e) {
            throw new IOException("timed out after " + settings.deadline().toMillis() + " ms");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            // Past the deadline the exchange is given up, so a stalled server holds no connection in the background;
            // a completed one is not affected.
            answer.cancel(true);
        }
    }

    private static IOException failure(Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return new IOException("timed out", cause);
        }
        if (cause instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        return cause instanceof IOException io ? io : new IOException(cause.getClass().getSimpleName(), cause);
    }

    /**
     * The count on the suffix's line, 0 if absent or a padding line. Reads the whole answer: same time either way.
     * Lines arrive one by one, in order, from the HTTP client; the count is taken when the answer is complete.
     */
    static final class SuffixCount implements Flow.Subscriber<String> {

        private final String suffix;
        private volatile long found;
        private volatile int read;
        private volatile IOException problem;

        SuffixCount(String suffix) {
            this.suffix = suffix;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (problem != null) {
                // Drained, not parsed: the deadline still bounds how long.
                return;
            }
            if (++read > MAX_LINES) {
                problem = new IOException("answer longer than " + MAX_LINES + " lines");
                return;
            }
            int colon = line.indexOf(':');
            if (colon != suffix.length() || !line.regionMatches(true, 0, suffix, 0, colon)) {
                return;
            }
            try {
                found = Long.parseLong(line.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                problem = new IOException("unreadable count in the range answer");
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // The HTTP client fails the answer itself; nothing to keep here.
        }

        @Override
        public void onComplete() {
            // The count is read by count() once the client has finished the body.
        }

        long count() {
            if (problem != null) {
                throw new UncheckedIOException(problem);
            }
            return found;
        }
    }

    @Override
    public String describe() {
        URI uri = URI.create(settings.baseUrl());
        return "range API " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }
}

package org.resetflow.breach;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The k-anonymity range API in the Have I Been Pwned format: {@code GET {base}/range/{first 5 hex of the SHA-1}}
 * answers every known suffix with that prefix as {@code SUFFIX:COUNT} lines. Only the prefix leaves the service.
 * {@code Add-Padding: true} asks for padding lines (count 0) so that the answer's size tells an observer nothing
 * about the prefix; they are ignored here.
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
                .timeout(settings.readTimeout())
                .header("Add-Padding", "true")
                .header("User-Agent", "ResetFlow")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new IOException("timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            return find(suffix, new BufferedReader(new InputStreamReader(body, StandardCharsets.US_ASCII)));
        }
    }

    /** The count on the suffix's line, 0 if absent or a padding line. Reads the whole answer: same time either way. */
    static long find(String suffix, BufferedReader lines) throws IOException {
        long found = 0;
        int read = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (++read > MAX_LINES) {
                throw new IOException("answer longer than " + MAX_LINES + " lines");
            }
            int colon = line.indexOf(':');
            if (colon != suffix.length() || !line.regionMatches(true, 0, suffix, 0, colon)) {
                continue;
            }
            try {
                found = Long.parseLong(line.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IOException("unreadable count in the range answer");
            }
        }
        return found;
    }

    @Override
    public String describe() {
        URI uri = URI.create(settings.baseUrl());
        return "range API " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }
}

package org.resetflow;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A minimal browser for the server-rendered pages: keeps cookies, reads the CSRF token of the last form, and
 * posts forms the way a browser does (application/x-www-form-urlencoded).
 */
public final class WebSession {

    private final String baseUrl;
    private final HttpClient http;
    private String csrfToken;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public WebSession(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Sends this header with every request, e.g. {@code X-Forwarded-For} to pose as another client. */
    public WebSession withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** Posts a form with the CSRF token of the last page seen. */
    public Page post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrfToken != null) {
            all.putIfAbsent("_csrf", csrfToken);
        }
        return postRaw(path, all);
    }

    /** Posts exactly the given fields, no CSRF token added. */
    public Page postRaw(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Page send(HttpRequest.Builder request) {
        try {
            // Like a browser: HTML wanted, so error answers are pages, not JSON.
            request.setHeader("Accept", "text/html,application/xhtml+xml");
            headers.forEach(request::setHeader);
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Page page = Page.of(response.statusCode(), response.body(), response.headers());
            String token = page.document().select("input[name=_csrf]").attr("value");
            if (!token.isEmpty()) {
                csrfToken = token;
            }
            return page;
        } catch (IOException e) {
            throw new IllegalStateException("Request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public record Page(int status, String body, HttpHeaders headers, Document document) {

        public static Page of(int status, String body, HttpHeaders headers) {
            return new Page(status, body, headers, Jsoup.parse(body));
        }

        public String title() {
            return document.select("h1").text();
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }
}

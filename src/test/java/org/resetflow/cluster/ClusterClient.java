package org.resetflow.cluster;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
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
 * One browser in front of a load balancer without sticky sessions: one cookie jar, and each request goes to the
 * node the test names (the test plays the round-robin). Like a browser it posts a form with the CSRF token of the
 * page it last saw, whichever node served that page.
 */
final class ClusterClient {

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(3))
            .build();
    private String csrfToken;

    record Page(int status, String body) {
        Document document() {
            return Jsoup.parse(body);
        }

        /** The page's heading (the title adds the product's name). */
        String title() {
            return document().select("h1").text();
        }
    }

    Page get(AppNode node, String path) {
        return send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).GET());
    }

    Page post(AppNode node, String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrfToken != null) {
            all.putIfAbsent("_csrf", csrfToken);
        }
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("Accept", "text/html")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            Page page = new Page(response.statusCode(), response.body());
            String token = page.document().select("input[name=_csrf]").attr("value");
            if (!token.isEmpty()) {
                csrfToken = token;
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("Request to " + request.build().uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static final class UncheckedIOException extends RuntimeException {
        UncheckedIOException(String message, IOException cause) {
            super(message, cause);
        }
    }
}

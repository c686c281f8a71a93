package org.resetflow.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.scim2.common.utils.JsonUtils;

/** A bare HTTP client for the demo SCIM API: sends exactly the method, media types and body a test names. */
final class DemoScimHttp {

    private static final ObjectMapper SCIM_MAPPER = JsonUtils.createObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    /** @param root e.g. {@code http://localhost:8080}; requests go to paths under the demo SCIM base path */
    DemoScimHttp(String root) {
        this.base = root + DemoDirectory.SCIM_BASE_PATH;
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
                : HttpRequest.BodyPublishers.noBody());
        try {
            return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }

    String url(String path) {
        return this.base + path;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return SCIM_MAPPER.readTree(response.body());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * {@code field} of every element of {@code array}, in order. Not Jackson's {@code findValuesAsText}: on the
     * SDK's case-insensitive nodes it finds nothing.
     */
    static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach((element) -> values.add(element.path(field).asText(null)));
        return values;
    }

    static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    static String filter(String filter) {
        return "/Users?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

}

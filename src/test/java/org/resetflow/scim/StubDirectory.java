package org.resetflow.scim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A scripted HTTP server for dialect tests: answers come from a queue (or, when it is empty, from a route function),
 * and every request is recorded whole (method, path, query, headers, body) so a test can assert exactly what the
 * client sent. The vendor's wire format lives in each test's scripted answers, copied from the seed documents.
 */
final class StubDirectory implements AutoCloseable {

    record Request(String method, String path, Map<String, String> query, Map<String, List<String>> headers,
                   String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(", ", e.getValue())).findFirst().orElse(null);
        }
    }

    record Reply(int status, String contentType, String body, Map<String, String> headers, Duration delay) {

        Reply(int status, String contentType, String body, Map<String, String> headers) {
            this(status, contentType, body, headers, Duration.ZERO);
        }

        static Reply of(int status, String contentType, String body) {
            return new Reply(status, contentType, body, Map.of());
        }

        /** The same answer, sent only after {@code delay}: longer than the client's read timeout, it never arrives. */
        Reply after(Duration delay) {
            return new Reply(status, contentType, body, headers, delay);
        }

        static Reply scim(int status, String body) {
            return of(status, "application/scim+json", body);
        }

        static Reply json(int status, String body) {
            return of(status, "application/json", body);
        }

        static Reply empty(int status) {
            return of(status, null, null);
        }

        Reply withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, contentType, body, more);
        }
    }

    private final HttpServer server;
    private final Deque<Reply> queue = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private Function<Request, Reply> route = request -> Reply.scim(500, "{\"detail\":\"no answer scripted\"}");

    StubDirectory() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        // A delayed answer must not hold up the next request (a verifying read after a timed-out write).
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized StubDirectory enqueue(Reply... replies) {
        queue.addAll(List.of(replies));
        return this;
    }

    synchronized StubDirectory route(Function<Request, Reply> route) {
        this.route = route;
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized Request only() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + requests);
        }
        return requests.get(0);
    }

    synchronized void clear() {
        requests.clear();
        queue.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                query(exchange.getRequestURI().getRawQuery()), Map.copyOf(exchange.getRequestHeaders()), body);
        Reply reply;
        synchronized (this) {
            requests.add(request);
            reply = queue.isEmpty() ? route.apply(request) : queue.removeFirst();
        }
        if (!reply.delay().isZero()) {
            try {
                Thread.sleep(reply.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
        }
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                // Strict form: a "+" must arrive as %2B and a space as %20, so "+" is not decoded here.
                query.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

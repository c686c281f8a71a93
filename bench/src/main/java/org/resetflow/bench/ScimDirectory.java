package org.resetflow.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SCIM directory on loopback: accounts user1..userN exist and are active, searches answer at once, password
 * writes after a set delay. It answers one equality filter and an {@code or} of many (a batched look-up), by GET or
 * by {@code POST /Users/.search}, and advertises filters with {@code maxResults} 200 in /ServiceProviderConfig.
 * It counts search requests and the identifiers they asked for, so a benchmark can tell what the directory saw.
 */
final class ScimDirectory implements AutoCloseable {

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern SEARCH_FILTER = Pattern.compile("\"filter\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern KNOWN = Pattern.compile("user(\\d+)(@example\\.org)?");

    private final HttpServer server;
    private final Duration writeDelay;
    private volatile int users;
    /** Search requests, and the distinct identifiers they named (a batch of 100 is one request, 100 identifiers). */
    final AtomicLong searches = new AtomicLong();
    final AtomicLong identifiers = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    private final Map<Long, AtomicInteger> identifiersPerSecond = new ConcurrentHashMap<>();

    ScimDirectory(int users, Duration writeDelay) throws Exception {
        this.users = users;
        this.writeDelay = writeDelay;
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // about 40 ms per look-up, a directory far slower than "instant".
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        // Password writes sleep: a thread each, so 30 slow writes never hold up a search.
        server.setExecutor(writeDelay.isZero() ? Executors.newFixedThreadPool(4) : Executors.newCachedThreadPool());
        server.createContext("/scim/v2/Users", this::users);
        server.createContext("/scim/v2/ServiceProviderConfig", this::serviceProviderConfig);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/scim/v2";
    }

    void users(int count) {
        users = count;
    }

    void reset() {
        searches.set(0);
        identifiers.set(0);
        writes.set(0);
        identifiersPerSecond.clear();
    }

    long peakIdentifiersPerSecond() {
        return identifiersPerSecond.values().stream().mapToLong(AtomicInteger::get).max().orElse(0);
    }

    private void users(HttpExchange exchange) {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String filter;
            if (method.equals("GET")) {
                String query = exchange.getRequestURI().getRawQuery();
                filter = query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8);
            } else if (method.equals("POST") && path.endsWith("/.search")) {
                Matcher json = SEARCH_FILTER.matcher(body);
                filter = json.find() ? "filter=" + json.group(1).replace("\\\"", "\"") : "";
            } else {
                writes.incrementAndGet();
                Thread.sleep(writeDelay.toMillis());
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            Set<String> named = new LinkedHashSet<>();
            Matcher quoted = QUOTED.matcher(filter.substring(Math.max(0, filter.indexOf("filter"))));
            while (quoted.find()) {
                named.add(quoted.group(1).toLowerCase());
            }
            named.remove("filter");
            Set<String> found = new LinkedHashSet<>();
            for (String identifier : named) {
                Matcher known = KNOWN.matcher(identifier);
                if (known.matches()) {
                    int n = Integer.parseInt(known.group(1));
                    if (n >= 1 && n <= users) {
                        found.add(user("user" + n));
                    }
                }
            }
            searches.incrementAndGet();
            identifiers.addAndGet(named.size());
            identifiersPerSecond.computeIfAbsent(System.currentTimeMillis() / 1000, s -> new AtomicInteger())
                    .addAndGet(named.size());
            answer(exchange, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":"
                    + found.size() + ",\"itemsPerPage\":" + found.size() + ",\"startIndex\":1,\"Resources\":["
                    + String.join(",", found) + "]}");
        } catch (Exception e) {
            // the client went away
        }
    }

    private void serviceProviderConfig(HttpExchange exchange) {
        try (exchange) {
            answer(exchange, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig\"],"
                    + "\"patch\":{\"supported\":true},\"bulk\":{\"supported\":false,\"maxOperations\":0,"
                    + "\"maxPayloadSize\":0},\"filter\":{\"supported\":true,\"maxResults\":200},"
                    + "\"changePassword\":{\"supported\":true},\"sort\":{\"supported\":false},"
                    + "\"etag\":{\"supported\":false},\"authenticationSchemes\":[]}");
        } catch (Exception e) {
            // the client went away
        }
    }

    private static void answer(HttpExchange exchange, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/scim+json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String user(String name) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"id-" + name
                + "\",\"userName\":\"" + name + "\",\"active\":true,\"name\":{\"givenName\":\"" + name
                + "\"},\"emails\":[{\"value\":\"" + name + "@example.org\",\"primary\":true}]}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package org.resetflow.breach;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A k-anonymity range server on loopback speaking the Have I Been Pwned wire format: {@code GET /range/ABCDE}
 * answers {@code text/plain} lines {@code SUFFIX:COUNT} separated by CRLF, and with {@code Add-Padding: true} mixes
 * in padding lines with count 0, shuffled, as the real service does. It records what it was asked.
 */
public final class RangeServer implements AutoCloseable {

    /** One request as the server saw it. */
    public record Asked(String path, String addPadding, String body) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final Map<String, Long> breached = new ConcurrentHashMap<>();
    private final List<String> padded = new CopyOnWriteArrayList<>();
    private final List<Asked> asked = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile long delayMillis;

    public RangeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            asked.add(new Asked(path, exchange.getRequestHeaders().getFirst("Add-Padding"), body));
            pause();
            if (status != 200 || !path.matches(".*/range/[0-9A-F]{5}")) {
                exchange.sendResponseHeaders(status != 200 ? status : 400, -1);
                exchange.close();
                return;
            }
            String prefix = path.substring(path.length() - 5);
            boolean padding = "true".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Add-Padding"));
            byte[] answer = answer(prefix, padding).getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    /** Makes the password known from breaches, seen {@code count} times. */
    public RangeServer breached(String password, long count) {
        breached.put(BreachedPasswords.sha1Hex(password), count);
        return this;
    }

    /** Puts the password's own suffix into the padding (count 0): a client that counts padding would refuse it. */
    public RangeServer paddedWith(String password) {
        padded.add(BreachedPasswords.sha1Hex(password));
        return this;
    }

    public RangeServer failingWith(int status) {
        this.status = status;
        return this;
    }

    public RangeServer answeringAfter(long millis) {
        this.delayMillis = millis;
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public List<Asked> asked() {
        return List.copyOf(asked);
    }

    private String answer(String prefix, boolean padding) {
        List<String> lines = new ArrayList<>();
        breached.forEach((hash, count) -> {
            if (hash.startsWith(prefix)) {
                lines.add(hash.substring(5) + ":" + count);
            }
        });
        for (int i = 0; i < 300 + RANDOM.nextInt(200); i++) {
            lines.add(HexFormat.of().withUpperCase().formatHex(randomBytes()).substring(0, 35) + ":"
                    + (1 + RANDOM.nextInt(5000)));
        }
        if (padding) {
            padded.stream().filter(hash -> hash.startsWith(prefix)).forEach(hash -> lines.add(hash.substring(5) + ":0"));
            for (int i = 0; i < 400; i++) {
                lines.add(HexFormat.of().withUpperCase().formatHex(randomBytes()).substring(0, 35) + ":0");
            }
        }
        Collections.shuffle(lines, RANDOM);
        return String.join("\r\n", lines);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private void pause() {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

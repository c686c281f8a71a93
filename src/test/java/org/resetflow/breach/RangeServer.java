package org.resetflow.breach;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A k-anonymity range server on loopback speaking the Have I Been Pwned wire format: {@code GET /range/ABCDE}
 * answers {@code text/plain} lines {@code SUFFIX:COUNT} separated by CRLF, and with {@code Add-Padding: true} mixes
 * in padding lines with count 0, shuffled, as the real service does. It records what it was asked.
 *
 * <p>{@link #stallingInBody(Duration)} makes it a server that has gone bad mid-answer: it sends the headers with the
 * answer's {@code Content-Length}, then all but the last byte, and then nothing, until it drops the connection.
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
    private volatile Duration stallFor;
    private final Semaphore stalled = new Semaphore(0);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "range-server");
        thread.setDaemon(true);
        return thread;
    });

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
            Duration stall = stallFor;
            if (stall != null) {
                stallOneByteShort(exchange.getResponseBody(), answer, stall);
                return;
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        // Stalled answers must not hold up the next request.
        server.setExecutor(handlers);
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

    /**
     * Every answer from now on stops one byte short of its declared length for {@code holdFor}, after which the
     * server drops the connection, as a server that dies would.
     */
    public RangeServer stallingInBody(Duration holdFor) {
        this.stallFor = holdFor;
        stalled.drainPermits();
        return this;
    }

    /** Waits until an answer is stalled in its body; false if none was within {@code timeout}. */
    public boolean awaitStalled(Duration timeout) throws InterruptedException {
        return stalled.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
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

    private void stallOneByteShort(OutputStream out, byte[] answer, Duration holdFor) throws IOException {
        out.write(answer, 0, answer.length - 1);
        out.flush();
        stalled.release();
        try {
            closing.await(holdFor.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Closing short of the declared length fails ("insufficient bytes written to stream"), and the server drops
        // the connection when a handler fails: the client sees the answer end too early.
        out.close();
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
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}

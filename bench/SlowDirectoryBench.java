import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Does the request page keep answering while password submissions wait on a slow directory?
 *
 * Starts a SCIM directory whose password writes take 20 s (look-ups are instant) and an SMTP sink, both on loopback,
 * then runs the ResetFlow jar against them twice: once as configured (the submission bulkhead on), and once with the
 * bulkhead opened wide (resetflow.password.max-concurrent-submissions=1000), the comparison in the same run. In each
 * run it opens 30 reset links, measures the request page (POST /request, which starts a reset and needs a database
 * connection) while idle, then again while 30 clients keep submitting passwords, and prints p50 and p99 of both,
 * their ratio, the request page's errors and whether the pool ran dry ("Connection is not available" in the log).
 *
 * Run (JDK 17, single-file source launch):
 *   ./mvnw -DskipTests package
 *   java bench/SlowDirectoryBench.java target/resetflow-0.1.0-SNAPSHOT.jar
 */
public class SlowDirectoryBench {

    private static final int USERS = 30;
    private static final Duration WRITE_DELAY = Duration.ofSeconds(20);
    private static final int SAMPLES = 300;
    private static final Duration LOADED_WINDOW = Duration.ofSeconds(60);
    private static final String PASSWORD = "Velvet-Harbor-Quietly-92";

    public static void main(String[] args) throws Exception {
        String jar = args.length > 0 ? args[0] : "target/resetflow-0.1.0-SNAPSHOT.jar";
        System.out.printf("machine: %d cores, %s %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.vm.version"));
        HttpServer directory = slowDirectory();
        SmtpSink smtp = new SmtpSink();
        try {
            Result bulkhead = run(jar, directory, smtp, "bulkhead on (default)", List.of());
            Result open = run(jar, directory, smtp, "bulkhead off (comparison)",
                    List.of("--resetflow.password.max-concurrent-submissions=1000"));
            System.out.println();
            for (Result r : List.of(bulkhead, open)) {
                System.out.printf("%-26s idle p50 %7.1f ms p99 %7.1f ms | loaded p50 %8.1f ms p99 %8.1f ms"
                                + " (%d answered, %d errors) | p99 ratio %5.2fx | pool ran dry: %s%n",
                        r.name, r.idleP50, r.idleP99, r.loadedP50, r.loadedP99, r.loadedCount, r.loadedErrors,
                        r.loadedP99 / r.idleP99, r.poolExhausted ? "yes" : "no");
            }
        } finally {
            directory.stop(0);
            smtp.close();
        }
    }

    record Result(String name, double idleP50, double idleP99, double loadedP50, double loadedP99, int loadedCount,
                  int loadedErrors, boolean poolExhausted) {
    }

    private static Result run(String jar, HttpServer directory, SmtpSink smtp, String name, List<String> extra)
            throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("resetflow-bench", ".log");
        List<String> command = new ArrayList<>(List.of("java", "-Xmx384m", "-jar", jar,
                "--server.port=" + port,
                "--resetflow.public-base-url=http://localhost:" + port,
                "--resetflow.scim.base-url=http://127.0.0.1:" + directory.getAddress().getPort() + "/scim/v2",
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.port(),
                "--resetflow.bot-defence.enabled=false",
                "--resetflow.token.key=bench-only-reset-link-key-0123456789abcdef",
                "--management.server.port=0",
                "--resetflow.rate-limit.requests-per-address=1000000",
                "--resetflow.rate-limit.requests-per-identifier=1000000",
                "--resetflow.rate-limit.link-checks-per-address=1000000",
                "--resetflow.rate-limit.requests-per-identifier-all-networks=1000000",
                "--logging.level.resetflow.access=warn"));
        command.addAll(extra);
        Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://localhost:" + port;
        try {
            awaitUp(base);
            System.out.printf("%n== %s (port %d, log %s)%n", name, port, log);
            smtp.clear();
            HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .connectTimeout(Duration.ofSeconds(5)).build();
            String csrf = csrf(client, base + "/");
            for (int i = 1; i <= USERS; i++) {
                post(client, base + "/request", Map.of("_csrf", csrf, "identifier", "user" + i));
            }
            List<String> tokens = smtp.awaitTokens(USERS, Duration.ofSeconds(60));
            System.out.printf("%d links mailed%n", tokens.size());

            measure(client, base, csrf, SAMPLES, Duration.ofMinutes(2));  // warm-up, not counted
            double[] idle = measure(client, base, csrf, SAMPLES, Duration.ofMinutes(2)).toArray();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger submissions = new AtomicInteger();
            ExecutorService submitters = Executors.newFixedThreadPool(tokens.size());
            for (String token : tokens) {
                submitters.submit(() -> submitUntil(stop, base, token, submissions));
            }
            Thread.sleep(3000);
            Samples loaded = measure(client, base, csrf, SAMPLES, LOADED_WINDOW);
            stop.set(true);
            submitters.shutdownNow();
            double[] busy = loaded.toArray();
            boolean exhausted = Files.readString(log).contains("Connection is not available");
            System.out.printf("%d password submissions sent during the run%n", submissions.get());
            return new Result(name, percentile(idle, 50), percentile(idle, 99), percentile(busy, 50),
                    percentile(busy, 99), busy.length, loaded.errors.get(), exhausted);
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    /** Keeps one link's password page busy: open it, submit, and again, until told to stop. */
    private static void submitUntil(AtomicBoolean stop, String base, String token, AtomicInteger submissions) {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).build();
        while (!stop.get()) {
            try {
                String csrf = csrf(client, base + "/reset/" + token);
                if (csrf == null) {
                    return;
                }
                post(client, base + "/reset", Map.of("_csrf", csrf, "token", token, "password", PASSWORD,
                        "confirmPassword", PASSWORD));
                submissions.incrementAndGet();
            } catch (Exception e) {
                return;
            }
        }
    }

    static final class Samples {
        final List<Double> millis = new CopyOnWriteArrayList<>();
        final AtomicInteger errors = new AtomicInteger();

        double[] toArray() {
            return millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }
    }

    /** Sequential reset requests for unknown names, each timed, up to n of them or until the window closes. */
    private static Samples measure(HttpClient client, String base, String csrf, int n, Duration window) {
        Samples samples = new Samples();
        long end = System.nanoTime() + window.toNanos();
        for (int i = 0; i < n && System.nanoTime() < end; i++) {
            long start = System.nanoTime();
            int status;
            try {
                status = post(client, base + "/request", Map.of("_csrf", csrf, "identifier", "nobody" + (i % 50)));
            } catch (Exception e) {
                status = 0;
            }
            samples.millis.add((System.nanoTime() - start) / 1e6);
            if (status != 200) {
                samples.errors.incrementAndGet();
            }
        }
        return samples;
    }

    private static int post(HttpClient client, String url, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .reduce((a, b) -> a + "&" + b).orElse("");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String csrf(HttpClient client, String url) throws Exception {
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(page.body());
        return m.find() ? m.group(1) : null;
    }

    private static void awaitUp(String base) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 240; i++) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("ResetFlow did not start at " + base);
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A SCIM directory on loopback: look-ups answer at once, password writes after 20 s. */
    private static HttpServer slowDirectory() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/scim/v2/Users", exchange -> {
            try {
                String method = exchange.getRequestMethod();
                if (method.equals("GET")) {
                    String query = exchange.getRequestURI().getRawQuery();
                    String filter = query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8);
                    Matcher user = Pattern.compile("\"(user\\d+)").matcher(filter);
                    String resources = user.find() ? user(user.group(1)) : "";
                    answer(exchange, 200, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],"
                            + "\"totalResults\":" + (resources.isEmpty() ? 0 : 1) + ",\"Resources\":[" + resources
                            + "]}");
                } else {
                    exchange.getRequestBody().readAllBytes();
                    Thread.sleep(WRITE_DELAY.toMillis());
                    exchange.sendResponseHeaders(204, -1);
                }
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    private static String user(String name) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"id-" + name + "\",\"userName\":\""
                + name + "\",\"active\":true,\"emails\":[{\"value\":\"" + name + "@example.org\",\"primary\":true}]}";
    }

    private static void answer(HttpExchange exchange, int status, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/scim+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Just enough SMTP to take ResetFlow's mails and read the links out of them. */
    static final class SmtpSink implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final List<String> mails = new CopyOnWriteArrayList<>();
        private final ExecutorService pool = Executors.newCachedThreadPool();

        SmtpSink() throws Exception {
            pool.submit(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        pool.submit(() -> session(client));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        void clear() {
            mails.clear();
        }

        List<String> awaitTokens(int count, Duration timeout) throws Exception {
            long end = System.nanoTime() + timeout.toNanos();
            Pattern link = Pattern.compile("/reset/([A-Za-z0-9_-]{43})");
            while (System.nanoTime() < end) {
                Map<String, Boolean> tokens = new ConcurrentHashMap<>();
                for (String mail : mails) {
                    Matcher m = link.matcher(mail.replace("=\r\n", ""));
                    if (m.find()) {
                        tokens.put(m.group(1), true);
                    }
                }
                if (tokens.size() >= count) {
                    return new ArrayList<>(tokens.keySet());
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("only " + mails.size() + " mails arrived");
        }

        private void session(Socket client) {
            try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(client.getOutputStream(), true)) {
                out.print("220 sink\r\n");
                out.flush();
                String line;
                while ((line = in.readLine()) != null) {
                    String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                    switch (verb) {
                        case "EHLO", "HELO" -> out.print("250 sink\r\n");
                        case "DATA" -> {
                            out.print("354 go on\r\n");
                            out.flush();
                            StringBuilder mail = new StringBuilder();
                            while ((line = in.readLine()) != null && !line.equals(".")) {
                                mail.append(line).append("\r\n");
                            }
                            mails.add(mail.toString());
                            out.print("250 queued\r\n");
                        }
                        case "QUIT" -> {
                            out.print("221 bye\r\n");
                            out.flush();
                            return;
                        }
                        default -> out.print("250 ok\r\n");
                    }
                    out.flush();
                }
            } catch (Exception e) {
                // the client went away
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            pool.shutdownNow();
        }
    }
}

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.altcha.altcha.Altcha;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.resetflow.ResetFlowApplication;
import org.resetflow.WebSession;
import org.resetflow.browser.HeadlessChromium;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Bot defence figures, in one run on one machine (see bench/README.md, "Bot defence"):
 * <ol>
 * <li>the median time for Chromium to solve a challenge with the real widget at each cost level (maxnumber);</li>
 * <li>the server's cost per verification (Challenges.verify: one SHA-256, one HMAC) and per recorded solution (the
 *     insert into rf_bot_solution), against one HMAC-SHA256;</li>
 * <li>POST /request with a valid solution (bot defence on) against POST /request with the bot defence off, two
 *     ResetFlow instances in this JVM, requests interleaved.</li>
 * </ol>
 * Run from the repository root after {@code ./mvnw -q test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/bench-classpath.txt}:
 * {@code java -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" bench/BotDefenceBench.java}
 */
public class BotDefenceBench {

    static final long[] LEVELS = {10_000, 50_000, 100_000, 300_000, 1_000_000};
    static final int BROWSER_RUNS = Integer.getInteger("runs", 15);
    static final int REQUESTS = Integer.getInteger("requests", 600);
    static final String KEY = "bench-bot-defence-key-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        System.out.printf("Bot defence bench: %d vCPU, %s %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        System.out.println("Load average at start: " + Files.readString(Path.of("/proc/loadavg")).trim());
        String parts = System.getProperty("parts", "browser,server");
        if (parts.contains("browser")) {
            browserSolveTimes();
        }
        if (parts.contains("server")) {
            serverCosts();
        }
        System.out.println("Load average at end: " + Files.readString(Path.of("/proc/loadavg")).trim());
        System.exit(0);
    }

    // ---- 1. Chromium solving at each cost level -------------------------------------------------------------------

    static void browserSolveTimes() throws Exception {
        Path altcha = Path.of("target/classes/static/altcha");
        Path harness = Path.of("bench/botdefence/harness.js");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String levels = Arrays.toString(LEVELS);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            try {
                if (path.equals("/")) {
                    send(exchange, "text/html", ("<!DOCTYPE html><html><head><meta charset=utf-8>"
                            + "<link rel=stylesheet href=/altcha/altcha.css></head><body>"
                            + "<pre id=out data-levels='" + levels + "' data-runs='" + BROWSER_RUNS + "'></pre>"
                            + "<script type=module src=/altcha/altcha.js></script>"
                            + "<script type=module src=/harness.js></script></body></html>").getBytes(StandardCharsets.UTF_8));
                } else if (path.equals("/harness.js")) {
                    send(exchange, "text/javascript", Files.readAllBytes(harness));
                } else if (path.startsWith("/altcha/") && !path.contains("..")) {
                    String file = path.substring("/altcha/".length());
                    send(exchange, file.endsWith(".css") ? "text/css" : "text/javascript",
                            Files.readAllBytes(altcha.resolve(file)));
                } else if (path.equals("/challenge")) {
                    long max = Long.parseLong(exchange.getRequestURI().getQuery().substring("max=".length()));
                    Altcha.Challenge challenge = Altcha.createChallenge(new Altcha.ChallengeOptions().setHmacKey(KEY)
                            .setMaxNumber(max).setSecureRandomNumber(true)
                            .setExpires(Instant.now().plusSeconds(600).getEpochSecond()));
                    send(exchange, "application/json", JSON.writeValueAsBytes(challenge));
                } else {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                }
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            }
        });
        server.start();
        try (HeadlessChromium chromium = HeadlessChromium.start("bench.test", server.getAddress().getPort())) {
            chromium.driver().get("http://bench.test/");
            String text = new WebDriverWait(chromium.driver(), Duration.ofMinutes(15))
                    .until(driver -> Optional.of(driver.findElement(By.id("out")).getText()).filter(t -> !t.isEmpty())
                            .orElse(null));
            JsonNode results = JSON.readTree(text);
            if (results.has("error")) {
                throw new IllegalStateException(results.get("error").asText());
            }
            System.out.printf("%n1. Chromium (headless, %d web workers) solving one challenge with the widget, %d runs "
                    + "per level after a warm-up:%n", results.get("workers").asInt(), BROWSER_RUNS);
            System.out.println("| maxnumber | expected hashes | median | p90 | min | max |");
            System.out.println("|---|---|---|---|---|---|");
            for (long level : LEVELS) {
                List<Double> times = new ArrayList<>();
                results.get("levels").get(String.valueOf(level)).forEach(t -> times.add(t.asDouble()));
                Collections.sort(times);
                System.out.printf("| %,d | %,d | %.0f ms | %.0f ms | %.0f ms | %.0f ms |%n", level, level / 2,
                        median(times), percentile(times, 0.9), times.get(0), times.get(times.size() - 1));
            }
        } finally {
            server.stop(0);
        }
    }

    static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        // The application's policy, so the widget is measured as it runs there.
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; script-src 'self'; "
                + "connect-src 'self'; style-src 'self'; img-src 'self'");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    // ---- 2. and 3. Server side ------------------------------------------------------------------------------------

    static void serverCosts() throws Exception {
        ConfigurableApplicationContext on = start("benchBotDefenceOn", true);
        ConfigurableApplicationContext off = start("benchBotDefenceOff", false);
        try {
            Object challenges = on.getBean("challenges");
            Object usedSolutions = on.getBean("usedSolutions");
            Method verify = accessible(challenges.getClass().getDeclaredMethod("verify", String.class));
            Method firstUse = accessible(usedSolutions.getClass().getDeclaredMethod("firstUse", String.class, Instant.class));
            String portOn = on.getEnvironment().getProperty("local.server.port");
            String portOff = off.getEnvironment().getProperty("local.server.port");

            String payload = solve(fetch("http://127.0.0.1:" + portOn + "/bot-defence/challenge"));
            if (((Optional<?>) verify.invoke(challenges, payload)).isEmpty()) {
                throw new IllegalStateException("the bench's own solution does not verify");
            }
            byte[] sample = "0".repeat(64).getBytes(StandardCharsets.US_ASCII);
            long[] unique = {0};
            // Interleaved rounds: whatever else the machine does hits every operation alike.
            Map<String, Op> ops = new java.util.LinkedHashMap<>();
            ops.put("hmac", i -> Altcha.hmacHex(Altcha.Algorithm.SHA256, sample, KEY));
            ops.put("sha", i -> Altcha.hashHex(Altcha.Algorithm.SHA256, "salt?expires=1" + i));
            ops.put("verify", i -> verify.invoke(challenges, payload));
            ops.put("insert", i -> firstUse.invoke(usedSolutions, String.format("%064x", unique[0]++),
                    Instant.now().plusSeconds(600)));
            Map<String, Double> perOp = perOperation(ops, 5_000, 11);
            double hmac = perOp.get("hmac");
            double sha = perOp.get("sha");
            double verification = perOp.get("verify");
            double insert = perOp.get("insert");
            System.out.printf("%n2. Server cost per operation, median of 10 interleaved rounds of 5,000 each:%n");
            System.out.println("| operation | time | ratio to one HMAC-SHA256 |");
            System.out.println("|---|---|---|");
            System.out.printf("| one HMAC-SHA256 (as the library computes it) | %.2f µs | 1.0 |%n", hmac);
            System.out.printf("| one SHA-256 of salt + number | %.2f µs | %.2f |%n", sha, sha / hmac);
            System.out.printf("| verify a solution (decode, SHA-256, HMAC, constant-time compare) | %.2f µs | %.2f |%n",
                    verification, verification / hmac);
            System.out.printf("| record it once (INSERT into rf_bot_solution, H2 in memory) | %.2f µs | %.2f |%n",
                    insert, insert / hmac);

            // 3. Whole requests, interleaved: with a fresh valid solution (on) and without the bot defence (off).
            List<String> solutions = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                solutions.add(solve(fetch("http://127.0.0.1:" + portOn + "/bot-defence/challenge")));
            }
            WebSession browserOn = new WebSession("http://127.0.0.1:" + portOn);
            WebSession browserOff = new WebSession("http://127.0.0.1:" + portOff);
            browserOn.get("/");
            browserOff.get("/");
            for (int i = 0; i < 200; i++) { // warm-up
                browserOff.post("/request", Map.of("identifier", "warm" + i));
                browserOn.post("/request", Map.of("identifier", "warm" + i, "altcha", solve(fetch(
                        "http://127.0.0.1:" + portOn + "/bot-defence/challenge"))));
            }
            List<Double> withPow = new ArrayList<>();
            List<Double> without = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String identifier = (i % 2 == 0 ? "alice" : "nobody") + i;
                without.add(timed(() -> browserOff.post("/request", Map.of("identifier", identifier))));
                String solution = solutions.get(i);
                withPow.add(timed(() -> browserOn.post("/request", Map.of("identifier", identifier, "altcha", solution))));
            }
            Collections.sort(withPow);
            Collections.sort(without);
            System.out.printf("%n3. POST /request, %d each, interleaved, sequential, over loopback:%n", REQUESTS);
            System.out.println("| | median | p90 |");
            System.out.println("|---|---|---|");
            System.out.printf("| bot defence off | %.3f ms | %.3f ms |%n", median(without), percentile(without, 0.9));
            System.out.printf("| with a valid solution | %.3f ms | %.3f ms |%n", median(withPow), percentile(withPow, 0.9));
            System.out.printf("Verification + insert as a share of the request with the bot defence off: %.1f %%%n",
                    100 * (verification + insert) / 1000 / median(without));
        } finally {
            on.close();
            off.close();
        }
    }

    static ConfigurableApplicationContext start(String name, boolean botDefence) {
        return new SpringApplicationBuilder(ResetFlowApplication.class).run(
                "--server.port=0", "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.process-engine-name=" + name,
                "--spring.datasource.url=jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1",
                "--resetflow.demo.smtp-port=0",
                "--resetflow.bot-defence.enabled=" + botDefence,
                "--resetflow.bot-defence.hmac-key=" + KEY,
                // The server's cost does not depend on the level; a low one keeps the bench's own solving short.
                "--resetflow.bot-defence.max-number=2000",
                "--resetflow.bot-defence.elevated-above=0",
                "--resetflow.request.max-queued=1000000",
                "--resetflow.rate-limit.requests-per-address=1000000",
                "--resetflow.rate-limit.requests-per-identifier=1000000",
                "--resetflow.rate-limit.requests-per-identifier-all-networks=1000000",
                "--logging.level.root=warn", "--logging.level.resetflow.access=warn");
    }

    interface Op {
        Object run(int i) throws Exception;
    }

    /** Per operation, in microseconds: the median over rounds (the first is a warm-up) of each round's mean. */
    static Map<String, Double> perOperation(Map<String, Op> ops, int n, int rounds) throws Exception {
        Map<String, List<Double>> times = new java.util.LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Op> op : ops.entrySet()) {
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    op.getValue().run(i);
                }
                if (round > 0) {
                    times.computeIfAbsent(op.getKey(), k -> new ArrayList<>())
                            .add((System.nanoTime() - start) / 1_000.0 / n);
                }
            }
        }
        Map<String, Double> medians = new java.util.LinkedHashMap<>();
        times.forEach((name, list) -> {
            Collections.sort(list);
            medians.put(name, median(list));
        });
        return medians;
    }

    static double timed(Runnable request) {
        long start = System.nanoTime();
        request.run();
        return (System.nanoTime() - start) / 1_000_000.0;
    }

    static String fetch(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    static String solve(String challengeJson) throws Exception {
        JsonNode challenge = JSON.readTree(challengeJson);
        Altcha.Solution solution = Altcha.solveChallenge(challenge.get("challenge").asText(),
                challenge.get("salt").asText(), Altcha.Algorithm.SHA256, challenge.get("maxnumber").asLong(), 0);
        String payload = JSON.writeValueAsString(Map.of("algorithm", "SHA-256", "challenge",
                challenge.get("challenge").asText(), "number", solution.number, "salt", challenge.get("salt").asText(),
                "signature", challenge.get("signature").asText()));
        return java.util.Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    static Method accessible(Method method) {
        method.setAccessible(true);
        return method;
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}

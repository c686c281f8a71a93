package org.resetflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.altcha.altcha.Altcha;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code bot-defence}: what the proof of work costs. "browser": how long headless Chromium takes to solve one
 * challenge with the bundled widget (the build's target/classes/static/altcha/) at five cost levels. "server":
 * POST /request with a fresh valid solution against POST /request with the bot defence off, two ResetFlow jars
 * side by side, requests interleaved. The server's cost per verification is the JMH benchmark of {@code micro}.
 */
final class BotDefenceBench {

    private static final long[] LEVELS = {10_000, 50_000, 100_000, 300_000, 1_000_000};
    private static final String KEY = "bench-bot-defence-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BotDefenceBench() {
    }

    static void main(Options options) throws Exception {
        System.out.println(Machine.describe());
        String parts = options.text("parts", "browser,server");
        if (parts.contains("browser")) {
            browserSolveTimes(options.integer("runs", 15));
        }
        if (parts.contains("server")) {
            App.Launch launch = options.positional().isEmpty()
                    ? new App.Launch("ResetFlow", "target/resetflow-0.1.0-SNAPSHOT.jar")
                    : App.Launch.of(options, 0);
            wholeRequests(launch, options.integer("requests", 600));
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    // 1. Chromium solving at each cost level ------------------------------------------------------------------------

    private static void browserSolveTimes(int runs) throws Exception {
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
                            + "<pre id=out data-levels='" + levels + "' data-runs='" + runs + "'></pre>"
                            + "<script type=module src=/altcha/altcha.js></script>"
                            + "<script type=module src=/harness.js></script></body></html>")
                            .getBytes(StandardCharsets.UTF_8));
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
        Path profile = Files.createTempDirectory("bench-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        ChromeOptions browser = new ChromeOptions();
        browser.setBinary(System.getProperty("chromium", "/usr/bin/chromium"));
        // Web Crypto needs a secure context: the bench's host speaks plain HTTP, so it is declared secure.
        browser.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP bench.test 127.0.0.1:" + server.getAddress().getPort(),
                "--unsafely-treat-insecure-origin-as-secure=http://bench.test");
        ChromeDriver driver = new ChromeDriver(service, browser);
        try {
            driver.get("http://bench.test/");
            String text = new WebDriverWait(driver, Duration.ofMinutes(15)).until(d -> Optional.of(
                    d.findElement(By.id("out")).getText()).filter(t -> !t.isEmpty()).orElse(null));
            JsonNode results = JSON.readTree(text);
            if (results.has("error")) {
                throw new IllegalStateException(results.get("error").asText());
            }
            System.out.printf("%n1. Chromium (headless, %d web workers) solving one challenge with the widget, %d runs "
                    + "per level after a warm-up:%n", results.get("workers").asInt(), runs);
            List<Figures> table = new ArrayList<>();
            for (long level : LEVELS) {
                List<Double> times = new ArrayList<>();
                results.get("levels").get(String.valueOf(level)).forEach(t -> times.add(t.asDouble()));
                double[] sorted = Stats.sorted(times);
                Figures row = new Figures(String.format("maxnumber %,d", level));
                row.count("expected hashes", level / 2.0, "%,.0f");
                row.put("median ms", Stats.quantile(sorted, 0.5), "%.0f");
                row.put("p90 ms", Stats.quantile(sorted, 0.9), "%.0f");
                row.put("min ms", sorted[0], "%.0f");
                row.put("max ms", sorted[sorted.length - 1], "%.0f");
                table.add(row);
            }
            Figures.print(table, null);
        } finally {
            driver.quit();
            server.stop(0);
        }
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws java.io.IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        // The application's policy, so the widget is measured as it runs there.
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; script-src 'self'; "
                + "connect-src 'self'; style-src 'self'; img-src 'self'");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    // 2. Whole requests ---------------------------------------------------------------------------------------------

    private static void wholeRequests(App.Launch launch, int requests) throws Exception {
        int portOn = Ports.free();
        int portOff = Ports.free();
        try (App on = App.start(launch, portOn, arguments(portOn, true));
             App off = App.start(launch, portOff, arguments(portOff, false))) {
            on.awaitUp("/");
            off.awaitUp("/");
            Load withPow = new Load(on.base, 1000);
            Load without = new Load(off.base, 1000);
            Load.VirtualUser userOn = withPow.newUser();
            Load.VirtualUser userOff = without.newUser();
            for (int i = 0; i < 200; i++) { // warm-up
                request(without, userOff, "warm" + i, null);
                request(withPow, userOn, "warm" + i, solve(withPow));
            }
            List<String> solutions = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                solutions.add(solve(withPow));
            }
            List<Double> on200 = new ArrayList<>();
            List<Double> off200 = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String identifier = (i % 2 == 0 ? "alice" : "nobody") + i;
                off200.add(request(without, userOff, identifier, null));
                on200.add(request(withPow, userOn, identifier, solutions.get(i)));
            }
            Figures offFigures = new Figures("bot defence off");
            Figures onFigures = new Figures("with a valid solution");
            for (Map.Entry<Figures, List<Double>> e : Map.of(offFigures, off200, onFigures, on200).entrySet()) {
                double[] sorted = Stats.sorted(e.getValue().stream().filter(ms -> !ms.isNaN()).toList());
                e.getKey().put("POST /request median ms", Stats.quantile(sorted, 0.5), "%.3f");
                e.getKey().put("POST /request p90 ms", Stats.quantile(sorted, 0.9), "%.3f");
                e.getKey().count("refused", e.getValue().stream().filter(ms -> ms.isNaN()).count(), "%.0f");
            }
            System.out.printf("%n2. POST /request, %d each, interleaved, sequential, over loopback:%n", requests);
            Figures.print(List.of(offFigures, onFigures), offFigures);
        }
    }

    private static List<String> arguments(int port, boolean botDefence) {
        // Demo mode without its job executor: the request path alone, as both answer it.
        return List.of("--server.port=" + port, "--camunda.bpm.job-execution.enabled=false",
                "--resetflow.demo.smtp-port=0", "--management.server.port=0",
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

    private static double request(Load load, Load.VirtualUser user, String identifier, String solution) {
        Map<String, String> fields = solution == null ? Map.of("identifier", identifier)
                : Map.of("identifier", identifier, "altcha", solution);
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> response = load.http.send(load.post(user, "/request", fields),
                    HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t0) / 1e6;
            return load.accepted(user, response, true) ? ms : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** A fresh challenge from the application, solved as the widget would: the base64 payload of the form field. */
    static String solve(Load load) throws Exception {
        JsonNode challenge = JSON.readTree(load.http.send(HttpRequest.newBuilder(
                URI.create(load.base + "/bot-defence/challenge")).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString()).body());
        return payload(challenge.get("challenge").asText(), challenge.get("salt").asText(),
                challenge.get("signature").asText(), challenge.get("maxnumber").asLong());
    }

    static String payload(String challenge, String salt, String signature, long maxNumber) throws Exception {
        Altcha.Solution solution = Altcha.solveChallenge(challenge, salt, Altcha.Algorithm.SHA256, maxNumber, 0);
        String payload = JSON.writeValueAsString(Map.of("algorithm", "SHA-256", "challenge", challenge,
                "number", solution.number, "salt", salt, "signature", signature));
        return Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }
}

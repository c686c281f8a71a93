package org.resetflow.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code slow-directory}: does the request page keep answering while password submissions wait on a slow directory?
 * A SCIM directory whose password writes take 20 s (searches are instant), the ResetFlow jar run twice: as
 * configured (the submission bulkhead on), and with the bulkhead opened wide, the comparison in the same run. Each
 * run opens 30 reset links, times the request page while idle, then while 30 clients keep submitting passwords.
 */
final class SlowDirectoryBench {

    private static final int USERS = 30;
    private static final Duration WRITE_DELAY = Duration.ofSeconds(20);
    private static final int SAMPLES = 300;
    private static final Duration LOADED_WINDOW = Duration.ofSeconds(60);
    private static final String PASSWORD = "Velvet-Harbor-Quietly-92";

    private SlowDirectoryBench() {
    }

    static void main(Options options) throws Exception {
        App.Launch launch = options.positional().isEmpty()
                ? new App.Launch("ResetFlow", "target/resetflow-0.1.0-SNAPSHOT.jar")
                : App.Launch.of(options, 0);
        System.out.println(Machine.describe());
        List<Figures> runs = new ArrayList<>();
        try (ScimDirectory directory = new ScimDirectory(1000, WRITE_DELAY); SmtpSink smtp = new SmtpSink()) {
            runs.add(run(launch, directory, smtp, "bulkhead on (default)", List.of()));
            runs.add(run(launch, directory, smtp, "bulkhead off (comparison)",
                    List.of("--resetflow.password.max-concurrent-submissions=1000")));
        }
        Figures.print(runs, null);
    }

    private static Figures run(App.Launch launch, ScimDirectory directory, SmtpSink smtp, String name,
                               List<String> extra) throws Exception {
        int port = Ports.free();
        List<String> arguments = ResetFlowArguments.against(port, directory, smtp);
        arguments.addAll(extra);
        try (App app = App.start(launch, port, arguments).awaitUp("/")) {
            System.out.printf("%n== %s (port %d, log %s)%n", name, port, app.log);
            smtp.reset();
            Load load = new Load(app.base, 50);
            Load.VirtualUser user = load.newUser();
            for (int i = 1; i <= USERS; i++) {
                load.timedRequest(user, "user" + i, true);
            }
            List<String> tokens = smtp.awaitLinks(USERS, Duration.ofSeconds(60));
            System.out.printf("%d links mailed%n", tokens.size());

            measure(load, user, Duration.ofMinutes(2)); // warm-up, not counted
            Load.Phase idle = measure(load, user, Duration.ofMinutes(2));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger submissions = new AtomicInteger();
            ExecutorService submitters = Executors.newFixedThreadPool(tokens.size());
            for (String token : tokens) {
                submitters.submit(() -> submitUntil(stop, app.base, token, submissions));
            }
            Thread.sleep(3000);
            Load.Phase loaded = measure(load, user, LOADED_WINDOW);
            stop.set(true);
            submitters.shutdownNow();
            System.out.printf("%d password submissions sent during the run%n", submissions.get());
            Figures figures = new Figures(name);
            figures.put("idle p50 ms", idle.percentile(50), "%.1f");
            figures.put("idle p99 ms", idle.percentile(99), "%.1f");
            figures.put("loaded p50 ms", loaded.percentile(50), "%.1f");
            figures.put("loaded p99 ms", loaded.percentile(99), "%.1f");
            figures.count("loaded answers", loaded.ok(), "%.0f");
            figures.count("loaded errors", loaded.errors(), "%.0f");
            figures.put("p99 loaded / idle", loaded.percentile(99) / idle.percentile(99), "%.2f");
            figures.count("pool ran dry (1 = yes)", app.logText().contains("Connection is not available") ? 1 : 0,
                    "%.0f");
            return figures;
        }
    }

    /** Keeps one link's password page busy: open it, submit, and again, until told to stop. */
    private static void submitUntil(AtomicBoolean stop, String base, String token, AtomicInteger submissions) {
        Load own = new Load(base, 1);
        while (!stop.get()) {
            try {
                Load.VirtualUser user = own.newUser("/reset/" + token);
                if (user == null) {
                    return;
                }
                own.http.send(own.post(user, "/reset", Map.of("token", token, "password", PASSWORD,
                        "confirmPassword", PASSWORD)), HttpResponse.BodyHandlers.discarding());
                submissions.incrementAndGet();
            } catch (Exception e) {
                return;
            }
        }
    }

    /** Sequential reset requests for unknown names, each timed, up to SAMPLES of them or until the window closes. */
    private static Load.Phase measure(Load load, Load.VirtualUser user, Duration window) {
        List<Double> millis = new ArrayList<>();
        int errors = 0;
        long start = System.nanoTime();
        long end = start + window.toNanos();
        for (int i = 0; i < SAMPLES && System.nanoTime() < end; i++) {
            // A refused or timed-out request counts with its time too: waiting for the pool is what is measured.
            long t0 = System.nanoTime();
            if (Double.isNaN(load.timedRequest(user, "nobody" + (i % 50), false))) {
                errors++;
            }
            millis.add((System.nanoTime() - t0) / 1e6);
        }
        return Load.Phase.of(millis, errors, (System.nanoTime() - start) / 1e9);
    }
}

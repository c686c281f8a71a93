package org.resetflow.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code throughput}: how many reset requests per second ResetFlow takes, and what each costs, next to the plain
 * endpoint of bench/plain in the same run (bench/README.md, "Throughput against a plain Spring endpoint"). Every jar
 * named runs in turn against one SCIM directory and one SMTP sink: ResetFlow jars in the order given (e.g. BEFORE
 * and AFTER), then the plain endpoint; every figure is printed per jar with its ratio to plain.
 */
final class ThroughputBench {

    private static final int DIRECTORY_USERS = 1000;
    private static final String P4_ADMIN = "benchadmin";
    private static final String P4_ADMIN_PASSWORD = "bench-" + Long.toHexString(new Random().nextLong());

    /**
     * The numeric options and their defaults: seconds (warmup, p1, p2, drain, seq-max, e2e, e2e-wait), virtual
     * users, requests per second (rate, e2e-rate), requests per group (sequential), P4's waiting resets, link
     * openings and timers.
     */
    private static final Map<String, Integer> DEFAULTS = Map.ofEntries(Map.entry("warmup", 5), Map.entry("p1", 20),
            Map.entry("users", 16), Map.entry("rate", 200), Map.entry("p2", 20), Map.entry("sequential", 2000),
            Map.entry("seq-max", 120), Map.entry("drain", 60), Map.entry("e2e-rate", 200), Map.entry("e2e", 60),
            Map.entry("e2e-wait", 120), Map.entry("p4-pending", 20_000), Map.entry("p4-samples", 2000),
            Map.entry("p4-timers", 10_000));

    private final Options options;
    private final Set<String> phases;
    private final boolean nmt;
    private final int users;
    private final int p4Pending;

    ThroughputBench(Options options) {
        this.options = options;
        phases = new LinkedHashSet<>(List.of(options.text("phases", "p1,p2,seq,drain").split(",")));
        nmt = options.flag("nmt", false);
        users = n("users");
        p4Pending = n("p4-pending");
    }

    private int n(String option) {
        return options.integer(option, DEFAULTS.get(option));
    }

    static void main(Options options) throws Exception {
        List<App.Launch> resetflow = new ArrayList<>();
        for (int i = 0; i < options.positional().size(); i++) {
            resetflow.add(App.Launch.of(options, i));
        }
        if (resetflow.isEmpty()) {
            resetflow.add(new App.Launch("ResetFlow", "target/resetflow-0.1.0-SNAPSHOT.jar"));
        }
        String plainJar = options.text("plain", "bench/plain/target/plain-reset-endpoint.jar");
        new ThroughputBench(options).run(resetflow, plainJar.equals("none") ? null
                : new App.Launch("plain", plainJar));
    }

    void run(List<App.Launch> resetflow, App.Launch plain) throws Exception {
        System.out.println(Machine.describe());
        System.out.printf("phases %s: warm-up %d s, P1 %d users x %d s, P2 %d/s x %d s, sequential %d + %d "
                        + "(at most %d s), drain <= %d s, e2e (P3) %d/s known only x %d s + <= %d s%n", phases,
                n("warmup"), users, n("p1"), n("rate"), n("p2"), n("sequential"), n("sequential"), n("seq-max"),
                n("drain"), n("e2e-rate"), n("e2e"), n("e2e-wait"));
        List<Figures> runs = new ArrayList<>();
        Map<String, Map<String, Long>> memory = new TreeMap<>();
        Figures reference = null;
        try (ScimDirectory directory = new ScimDirectory(DIRECTORY_USERS, Duration.ZERO);
             SmtpSink smtp = new SmtpSink()) {
            for (App.Launch launch : resetflow) {
                runs.add(measure(launch.withJvmOptions(jvmOptions(true)), true, directory, smtp, memory));
            }
            if (plain != null) {
                reference = measure(plain.withJvmOptions(jvmOptions(false)), false, directory, smtp, memory);
                runs.add(reference);
            }
        }
        Figures.print(runs, reference);
        if (nmt) {
            printNativeMemory(runs, memory);
        }
    }

    private List<String> jvmOptions(boolean resetflow) {
        List<String> jvm = new ArrayList<>();
        if (nmt) {
            jvm.add("-XX:NativeMemoryTracking=summary");
        }
        if (resetflow) {
            jvm.addAll(options.all("resetflow-jvm-arg"));
        }
        return jvm;
    }

    private List<String> arguments(boolean resetflow, int port, ScimDirectory directory, SmtpSink smtp) {
        if (!resetflow) {
            return List.of("--server.port=" + port, "--plain.scim.base-url=" + directory.base(),
                    "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.port());
        }
        List<String> a = ResetFlowArguments.against(port, directory, smtp);
        if (phases.contains("p4")) {
            // An admin for the engine's REST API (the timers' job definition), and a file database: 20 KiB per
            // waiting reset would not fit the 384 MiB heap in memory.
            Path db = Path.of(System.getProperty("java.io.tmpdir"), "p4-db-" + ProcessHandle.current().pid() + "-"
                    + port);
            a.addAll(List.of("--camunda.bpm.admin-user.id=" + P4_ADMIN,
                    "--camunda.bpm.admin-user.password=" + P4_ADMIN_PASSWORD,
                    "--spring.datasource.url=jdbc:h2:file:" + db.resolve("resetflow"),
                    "--resetflow.request.max-lookups-per-second=1000",
                    // All of them are sent at once: none may be dropped for a full inbox.
                    "--resetflow.request.max-queued=" + (p4Pending + 1000)));
        }
        a.addAll(options.all("resetflow-arg"));
        return a;
    }

    private Figures measure(App.Launch launch, boolean resetflow, ScimDirectory directory, SmtpSink smtp,
                            Map<String, Map<String, Long>> memory) throws Exception {
        int port = Ports.free();
        long startup = System.nanoTime();
        directory.users(resetflow && phases.contains("p4") ? Math.max(DIRECTORY_USERS, p4Pending) : DIRECTORY_USERS);
        try (App app = App.start(launch, port, arguments(resetflow, port, directory, smtp)).awaitUp("/")) {
            System.out.printf("%n== %s (pid %d, port %d, started in %.1f s, load average %s, JVM options %s, "
                            + "environment %s, own arguments %s, log %s)%n", launch.label(), app.pid(), port,
                    (System.nanoTime() - startup) / 1e9, Machine.loadAverage(), launch.jvmOptions(),
                    launch.environment(), launch.arguments(), app.log);
            Figures figures = new Figures(launch.label());
            Load load = new Load(app.base, DIRECTORY_USERS);
            directory.reset();
            smtp.reset();
            load.closedLoop(users, Duration.ofSeconds(n("warmup")), null);
            if (phases.contains("p1")) {
                closedLoop(figures, app, load, directory);
            }
            if (phases.contains("p2")) {
                paced(figures, app, load);
            }
            if (phases.contains("seq")) {
                sequential(figures, load);
            }
            if (phases.contains("drain")) {
                drain(figures, load, directory, smtp);
            }
            if (phases.contains("e2e")) {
                endToEnd(figures, load, directory, smtp, app);
            }
            if (phases.contains("p4") && resetflow) {
                pendingResets(figures, load, smtp, app.base);
            }
            memory(figures, app, memory);
            return figures;
        }
    }

    /** P1: closed loop, thread dumps at 1/4, 1/2 and 3/4 for the CPU per request and per look-up. */
    private void closedLoop(Figures figures, App app, Load load, ScimDirectory directory) throws Exception {
        long identifiersBefore = directory.identifiers.get();
        List<String> dumpFiles = new ArrayList<>();
        List<long[]> countsAtDumps = new ArrayList<>(); // accepted requests and identifiers looked up at each dump
        Load.Phase p1 = load.closedLoop(users, Duration.ofSeconds(n("p1")), options.flag("dumps", true) ? () -> {
            countsAtDumps.add(new long[] {load.acceptedKnown.get() + load.acceptedUnknown.get(),
                    directory.identifiers.get()});
            dumpFiles.add(app.threadDump());
        } : null);
        figures.put("P1 accepted requests/s", p1.rate(), "%.1f");
        figures.put("P1 p50 ms", p1.percentile(50), "%.2f");
        figures.put("P1 p99 ms", p1.percentile(99), "%.2f");
        figures.count("P1 errors", p1.errors(), "%.0f");
        figures.put("P1 identifiers looked up/s", (directory.identifiers.get() - identifiersBefore) / p1.seconds(),
                "%.1f");
        System.out.printf("P1 closed loop, %d users: %d accepted in %.1f s = %.1f/s, p50 %.2f ms, p99 %.2f ms, "
                        + "%d errors; identifiers looked up during P1: %.1f/s%n", users, p1.ok(), p1.seconds(),
                p1.rate(), p1.percentile(50), p1.percentile(99), p1.errors(),
                figures.get("P1 identifiers looked up/s"));
        dumpFiles.forEach(dump -> System.out.println("  thread dump: " + dump));
        if (dumpFiles.size() > 1) {
            ThreadDumps read = new ThreadDumps(dumpFiles);
            long[] first = countsAtDumps.get(0);
            long[] last = countsAtDumps.get(countsAtDumps.size() - 1);
            figures.put("P1 request-thread CPU ms per request",
                    read.cpuSeconds.getOrDefault("request threads", 0.0) * 1000 / Math.max(1, last[0] - first[0]),
                    "%.2f");
            figures.put("P1 background CPU ms per look-up",
                    read.cpuSeconds.getOrDefault("background", 0.0) * 1000 / Math.max(1, last[1] - first[1]), "%.2f");
            System.out.printf("  between the first and the last dump: %d accepted, %d identifiers looked up; CPU ms "
                            + "per "
                            + "accepted request on request threads %.2f, per identifier on background threads %.2f%n",
                    last[0] - first[0], last[1] - first[1], figures.get("P1 request-thread CPU ms per request"),
                    figures.get("P1 background CPU ms per look-up"));
            System.out.println("  where the request threads were, over " + dumpFiles.size() + " dumps:");
            read.summary.forEach(line -> System.out.println("    " + line));
        }
    }

    /** P2: open loop at a fixed rate, latency from the due time. */
    private void paced(Figures figures, App app, Load load) throws Exception {
        Load.Phase p2 = load.paced(n("rate"), Duration.ofSeconds(n("p2")), users, false);
        figures.put("P2 achieved requests/s", p2.rate(), "%.1f");
        figures.put("P2 p50 ms", p2.percentile(50), "%.2f");
        figures.put("P2 p99 ms", p2.percentile(99), "%.2f");
        figures.count("P2 errors", p2.errors(), "%.0f");
        Map<String, Double> gc = app.gcUtil();
        figures.count("full GCs by the end of P2", gc.getOrDefault("FGC", Double.NaN), "%.0f");
        System.out.printf("P2 paced at %d/s: %d accepted, achieved %.1f/s, p50 %.2f ms, p99 %.2f ms "
                        + "(from the scheduled time), %d errors; by its end %.0f full GCs, %.1f s in GC, old "
                        + "generation %.0f %% full%n", n("rate"), p2.ok(), p2.rate(), p2.percentile(50),
                p2.percentile(99), p2.errors(), gc.getOrDefault("FGC", Double.NaN), gc.getOrDefault("GCT", Double.NaN),
                gc.getOrDefault("O", Double.NaN));
    }

    /** seq: one request at a time, known and unknown shuffled: the timing side channel. */
    private void sequential(Figures figures, Load load) throws Exception {
        Load.Sequential seq = load.sequential(n("sequential"), Duration.ofSeconds(n("seq-max")), true);
        double known = Stats.quantile(seq.known(), 0.5);
        double unknown = Stats.quantile(seq.unknown(), 0.5);
        figures.put("seq median known ms", known, "%.3f");
        figures.put("seq median unknown ms", unknown, "%.3f");
        figures.count("seq known - unknown ms", known - unknown, "%+.3f");
        figures.count("seq KS D", seq.ksD(), "%.4f");
        figures.count("seq KS p", seq.ksP(), "%.3f");
        figures.count("seq errors", seq.errors(), "%.0f");
        System.out.printf("sequential, %d known + %d unknown shuffled: median known %.3f ms, unknown %.3f ms, "
                        + "difference %+.3f ms, p99 %.3f / %.3f ms, KS D = %.4f, p = %.3f, %d errors%n",
                seq.known().length, seq.unknown().length, known, unknown, known - unknown,
                Stats.quantile(seq.known(), 0.99), Stats.quantile(seq.unknown(), 0.99), seq.ksD(), seq.ksP(),
                seq.errors());
    }

    /** drain: until the directory saw every accepted identifier and every known one got its mail. */
    private void drain(Figures figures, Load load, ScimDirectory directory, SmtpSink smtp) throws Exception {
        long acceptedKnown = load.acceptedKnown.get();
        long acceptedUnknown = load.acceptedUnknown.get();
        long accepted = acceptedKnown + acceptedUnknown;
        long backlogAtEnd = accepted - directory.identifiers.get();
        long drainStart = System.nanoTime();
        long identifiersAtDrain = directory.identifiers.get();
        while (System.nanoTime() - drainStart < n("drain") * 1_000_000_000L
                && (directory.identifiers.get() < accepted || smtp.known.get() < acceptedKnown)) {
            Thread.sleep(250);
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        long pending = Math.max(0, accepted - directory.identifiers.get());
        figures.count("accepted requests (all phases)", accepted, "%.0f");
        figures.count("backlog when the load stopped", Math.max(0, backlogAtEnd), "%.0f");
        figures.put("look-ups/s while draining", backlogAtEnd > 0
                ? (directory.identifiers.get() - identifiersAtDrain) / drainSeconds : Double.NaN, "%.1f");
        figures.count("drain s", drainSeconds, "%.1f");
        figures.count("still pending after drain", pending, "%.0f");
        figures.count("mails per known request", (double) smtp.known.get() / acceptedKnown, "%.3f");
        figures.count("mails for unknown", smtp.unknown.get(), "%.0f");
        // What the directory sees of a flood: its search requests per 1,000 identifiers it was asked about.
        figures.put("directory requests per 1,000 identifiers", 1000.0 * directory.searches.get()
                / Math.max(1, directory.identifiers.get()), "%.1f");
        System.out.printf("accepted %d known + %d unknown; the directory got %d search requests for %d identifiers "
                        + "(peak %d identifiers/s), SMTP got %d mails (%d known, %d unknown, %d other)%n",
                acceptedKnown,
                acceptedUnknown, directory.searches.get(), directory.identifiers.get(),
                directory.peakIdentifiersPerSecond(), smtp.all.get(), smtp.known.get(), smtp.unknown.get(),
                smtp.other.get());
        System.out.printf("backlog when the load stopped: %d; drain %s in %.1f s; mails per known request %.3f, "
                        + "mails for unknown %d%n", Math.max(0, backlogAtEnd),
                pending == 0 && smtp.known.get() >= acceptedKnown ? "complete" : "INCOMPLETE (" + pending
                        + " look-ups pending)", drainSeconds, (double) smtp.known.get() / acceptedKnown,
                smtp.unknown.get());
    }

    /**
     * P3: known accounts only, paced at --e2e-rate for --e2e seconds, then up to --e2e-wait seconds for the
     * backlog: resets per
     * second from the request to the mail received by the SMTP sink, and the application's whole CPU time per reset
     * (from /proc, every thread: a figure that moves far less with the machine's load than a rate does).
     */
    private void endToEnd(Figures figures, Load load, ScimDirectory directory, SmtpSink smtp, App app)
            throws Exception {
        // Start from an idle application: whatever earlier phases left must not count here.
        long idleSince = System.nanoTime();
        long seen = -1;
        while (System.nanoTime() - idleSince < 120_000_000_000L) {
            long now = directory.identifiers.get() + smtp.all.get();
            if (now == seen) {
                break;
            }
            seen = now;
            Thread.sleep(2000);
        }
        long mailsBefore = smtp.known.get();
        long acceptedBefore = load.acceptedKnown.get();
        long cpuBefore = app.cpuMillis();
        long start = System.nanoTime();
        Load.Phase phase = load.paced(n("e2e-rate"), Duration.ofSeconds(n("e2e")), users, true);
        long requestsEnd = System.nanoTime();
        long mailsInWindow = smtp.known.get() - mailsBefore;
        long accepted = load.acceptedKnown.get() - acceptedBefore;
        long lastMail = System.nanoTime();
        long count = smtp.known.get() - mailsBefore;
        while (count < accepted && System.nanoTime() - requestsEnd < n("e2e-wait") * 1_000_000_000L) {
            Thread.sleep(100);
            long now = smtp.known.get() - mailsBefore;
            if (now != count) {
                count = now;
                lastMail = System.nanoTime();
            }
        }
        Thread.sleep(2000); // a late duplicate would arrive now
        long mails = smtp.known.get() - mailsBefore;
        long cpu = app.cpuMillis() - cpuBefore;
        double allMailedSeconds = (lastMail - start) / 1e9;
        figures.put("P3 requests accepted/s (known only)", phase.rate(), "%.1f");
        figures.put("P3 p99 ms", phase.percentile(99), "%.1f");
        figures.put("P3 end-to-end resets/s (mails/s)", mails / allMailedSeconds, "%.1f");
        figures.count("P3 mails within the request window", mailsInWindow, "%.0f");
        figures.count("P3 mails per accepted request", (double) mails / Math.max(1, accepted), "%.3f");
        figures.put("P3 CPU ms per reset (whole process)", (double) cpu / Math.max(1, mails), "%.2f");
        System.out.printf("P3 end to end, %d/s known only for %d s: %d accepted (%.1f/s, p99 %.1f ms), %d mails "
                        + "(%d within the window), last after %.1f s = %.1f resets/s; mails per request %.3f; "
                        + "application CPU %.2f ms per reset%n", n("e2e-rate"), n("e2e"), accepted, phase.rate(),
                phase.percentile(99), mails, mailsInWindow, allMailedSeconds, mails / allMailedSeconds,
                (double) mails / Math.max(1, accepted), (double) cpu / Math.max(1, mails));
    }

    /** Peak and final resident size, threads, heap, GC; the native memory summary when tracked. */
    private void memory(Figures figures, App app, Map<String, Map<String, Long>> memory) {
        Map<String, Double> gc = app.gcUtil();
        figures.count("full GCs", gc.getOrDefault("FGC", Double.NaN), "%.0f");
        figures.put("GC time s", gc.getOrDefault("GCT", Double.NaN), "%.1f");
        figures.count("old gen used % at end", gc.getOrDefault("O", Double.NaN), "%.0f");
        Map<String, Long> status = app.status();
        long maxHeap = app.maxHeapBytes();
        figures.put("peak RSS MiB (VmHWM)", status.getOrDefault("VmHWM", -1L) / 1024.0, "%.0f");
        figures.put("RSS MiB at end (VmRSS)", status.getOrDefault("VmRSS", -1L) / 1024.0, "%.0f");
        figures.put("threads at end", status.getOrDefault("Threads", -1L), "%.0f");
        figures.put("JVM max heap MiB", maxHeap / 1048576.0, "%.0f");
        System.out.printf("memory: VmHWM %d MiB, VmRSS %d MiB, %d threads, MaxHeapSize %d MiB; GC: %.0f full "
                        + "collections, %.1f s in GC, old generation %.0f %% full%n",
                status.getOrDefault("VmHWM", -1L) / 1024, status.getOrDefault("VmRSS", -1L) / 1024,
                status.getOrDefault("Threads", -1L), maxHeap / 1048576, gc.getOrDefault("FGC", Double.NaN),
                gc.getOrDefault("GCT", Double.NaN), gc.getOrDefault("O", Double.NaN));
        if (nmt) {
            memory.put(figures.name, app.nativeMemory());
        }
    }

    /** The native memory areas side by side, committed MiB at the end of each run. */
    private static void printNativeMemory(List<Figures> runs, Map<String, Map<String, Long>> memory) {
        List<Figures> tracked = runs.stream().filter(r -> memory.containsKey(r.name)).toList();
        Set<String> areas = new LinkedHashSet<>();
        tracked.forEach(r -> areas.addAll(memory.get(r.name).keySet()));
        List<Figures> table = new ArrayList<>();
        for (Figures r : tracked) {
            Figures nmtFigures = new Figures(r.name);
            for (String area : areas) {
                long kb = memory.get(r.name).getOrDefault(area, -1L);
                if (area.endsWith("(count)")) {
                    nmtFigures.put(area, kb, "%.0f");
                } else {
                    nmtFigures.put("NMT committed MiB: " + area, kb < 0 ? Double.NaN : kb / 1024.0, "%.1f");
                }
            }
            table.add(nmtFigures);
        }
        Figures.print(table, table.stream().filter(f -> f.name.equals("plain")).findFirst().orElse(null));
    }

    // P4 ------------------------------------------------------------------------------------------------------------

    private final AtomicInteger expired = new AtomicInteger();

    /**
     * P4 (ResetFlow only: the plain endpoint has no link page). Builds up p4Pending resets that wait for their
     * password, one per account, and opens links among them one at a time: at 1,000 waiting and at p4Pending waiting,
     * so the figure is a ratio within the run. The expiry timers' job definition is suspended from the start (through
     * the engine's REST API, as an admin would); once --p4-timers of them are due it is activated, and the bench times
     * how long the engine takes until no timer that was due at that moment is left.
     */
    private void pendingResets(Figures figures, Load load, SmtpSink smtp, String base) throws Exception {
        HttpClient admin = HttpClient.newHttpClient();
        String jobDefinitions = adminCall(admin, base, "GET",
                "/engine-rest/job-definition?processDefinitionKey=password-reset&activityIdIn=Event_TokenExpired",
                null);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(jobDefinitions);
        List<String> timerDefinitions = new ArrayList<>();
        while (id.find()) {
            timerDefinitions.add(id.group(1));
        }
        if (timerDefinitions.isEmpty()) {
            throw new IllegalStateException("no job definition for Event_TokenExpired: " + jobDefinitions);
        }
        for (String definition : timerDefinitions) {
            adminCall(admin, base, "PUT", "/engine-rest/job-definition/" + definition + "/suspended",
                    "{\"suspended\":true,\"includeJobs\":true}");
        }
        smtp.links.clear();
        long start = System.nanoTime();
        int baselinePending = Math.min(1000, p4Pending);
        createPending(load, smtp, 1, baselinePending);
        Load.Phase baseline = openLinks(load, smtp, base);
        createPending(load, smtp, baselinePending + 1, p4Pending);
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        Load.Phase loaded = openLinks(load, smtp, base);
        System.out.printf("P4 %d resets waiting (built in %.0f s, %.1f/s); link opened one at a time: at %d waiting "
                        + "p50 %.2f ms p99 %.2f ms; at %d waiting p50 %.2f ms p99 %.2f ms (%d errors, %d of %d links "
                        + "had outlived their lifetime)%n", p4Pending, buildSeconds, p4Pending / buildSeconds,
                baselinePending, baseline.percentile(50), baseline.percentile(99), p4Pending, loaded.percentile(50),
                loaded.percentile(99), baseline.errors() + loaded.errors(), expired.get(), 2 * n("p4-samples"));
        figures.count("P4 waiting resets", p4Pending, "%.0f");
        figures.put("P4 resets/s while building", p4Pending / buildSeconds, "%.1f");
        figures.put("P4 link open p50 ms at 1,000 waiting", baseline.percentile(50), "%.2f");
        figures.put("P4 link open p99 ms at 1,000 waiting", baseline.percentile(99), "%.2f");
        figures.put("P4 link open p50 ms at all waiting", loaded.percentile(50), "%.2f");
        figures.put("P4 link open p99 ms at all waiting", loaded.percentile(99), "%.2f");
        figures.count("P4 link open errors", baseline.errors() + loaded.errors(), "%.0f");

        // The timers: wait until --p4-timers are due (the link lifetime after their reset started), then let them run.
        String definitions = String.join(",", timerDefinitions);
        long due = 0;
        long waitUntil = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (due < Math.min(n("p4-timers"), p4Pending) && System.nanoTime() < waitUntil) {
            Thread.sleep(5000);
            due = dueTimers(admin, base, definitions, System.currentTimeMillis());
        }
        long activatedAt = System.currentTimeMillis();
        due = dueTimers(admin, base, definitions, activatedAt);
        long t0 = System.nanoTime();
        for (String definition : timerDefinitions) {
            adminCall(admin, base, "PUT", "/engine-rest/job-definition/" + definition + "/suspended",
                    "{\"suspended\":false,\"includeJobs\":true}");
        }
        long left = due;
        while (left > 0 && System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(10)) {
            Thread.sleep(500);
            try {
                left = dueTimers(admin, base, definitions, activatedAt);
            } catch (IllegalStateException e) {
                // H2 can refuse the count while the job executor deletes those very rows (a lock timeout): ask again.
                System.out.println("P4 count failed, asking again: " + e.getMessage());
            }
        }
        double timerSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("P4 %d expiry timers due at once: %s after %.1f s (%.0f/s)%n", due,
                left == 0 ? "all processed" : left + " STILL DUE", timerSeconds, (due - left) / timerSeconds);
        figures.count("P4 timers due at once", due, "%.0f");
        figures.put("P4 seconds until all processed", left == 0 ? timerSeconds : Double.NaN, "%.1f");
        figures.put("P4 timers processed/s", (due - left) / timerSeconds, "%.0f");
    }

    /** Requests for user{from}..user{to}, as many users at a time as the load has, then waits for their links. */
    private void createPending(Load load, SmtpSink smtp, int from, int to) throws Exception {
        load.freshClient();
        AtomicInteger next = new AtomicInteger(from);
        ExecutorService pool = Executors.newFixedThreadPool(users);
        List<Future<?>> senders = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            Load.VirtualUser vu = load.newUser();
            senders.add(pool.submit(() -> {
                for (int n = next.getAndIncrement(); n <= to; n = next.getAndIncrement()) {
                    if (Double.isNaN(load.timedRequest(vu, "user" + n, true))) {
                        throw new IllegalStateException("request for user" + n + " refused");
                    }
                }
                return null;
            }));
        }
        for (Future<?> sender : senders) {
            sender.get();
        }
        pool.shutdown();
        smtp.awaitLinks(to, Duration.ofMinutes(60));
    }

    /** --p4-samples link openings (GET /reset/{token}) one at a time, for links picked at random. */
    private Load.Phase openLinks(Load load, SmtpSink smtp, String base) throws Exception {
        load.freshClient();
        List<String> tokens = new ArrayList<>(smtp.links.values());
        List<Double> millis = new ArrayList<>();
        int errors = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n("p4-samples"); i++) {
            String token = tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()));
            long t0 = System.nanoTime();
            HttpResponse<String> page = load.http.send(HttpRequest.newBuilder(URI.create(base + "/reset/" + token))
                    .timeout(Duration.ofSeconds(30)).header("Accept", "text/html").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t0) / 1e6;
            // Links older than their lifetime answer 410 "no longer valid" (the token's own expiry, even while the
            // suspended timer has not ended the reset): the same look-ups, so they count; anything else is an error.
            if (page.statusCode() == 200 && page.body().contains("name=\"password\"") || page.statusCode() == 410) {
                millis.add(ms);
                if (page.statusCode() == 410) {
                    expired.incrementAndGet();
                }
            } else {
                errors++;
            }
        }
        return Load.Phase.of(millis, errors, (System.nanoTime() - start) / 1e9);
    }

    private static long dueTimers(HttpClient admin, String base, String definitions, long dueBefore) throws Exception {
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
                .format(Instant.ofEpochMilli(dueBefore).atZone(ZoneOffset.UTC));
        String count = adminCall(admin, base, "GET", "/engine-rest/job/count?jobDefinitionId="
                + definitions.split(",")[0] + "&dueDates=" + URLEncoder.encode("lt_" + date, StandardCharsets.UTF_8),
                null);
        Matcher m = Pattern.compile("\"count\"\\s*:\\s*(\\d+)").matcher(count);
        if (!m.find()) {
            throw new IllegalStateException("no count in " + count);
        }
        return Long.parseLong(m.group(1));
    }

    private static String adminCall(HttpClient http, String base, String method, String path, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (P4_ADMIN + ":" + P4_ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json");
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }
}

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How many reset requests per second does ResetFlow take, compared with a plain Spring endpoint on the same machine
 * in the same run?
 *
 * Starts a SCIM directory on loopback (users user1..user1000, instant answers, look-ups counted) and an SMTP sink
 * (mails counted by recipient), then runs each application in turn as a subprocess against them: first ResetFlow,
 * then the plain endpoint of bench/plain (the unavoidable work of a reset request and nothing else). Every virtual
 * user GETs the form once, keeps its cookies and CSRF field, and then POSTs identifiers, half known (userN), half
 * unknown (nobodyN), randomly interleaved. Only HTTP 200 answers that say "Check your mail" count as accepted.
 *
 * Per application:
 *   warm-up  closed loop, 16 users, 5 s, not counted
 *   P1       closed loop, 16 users, 20 s: accepted requests/s, p50, p99; thread dumps at 1/4, 1/2 and 3/4 give where
 *            the request threads are and the CPU per accepted request (request threads) and per look-up (background)
 *   P2       open loop paced at 200 requests/s for 20 s, latency measured from each request's scheduled time (no
 *            coordinated omission): achieved rate, p50, p99
 *   seq      one request at a time, 2,000 known + 2,000 unknown shuffled (at most 120 s): medians, difference,
 *            Kolmogorov-Smirnov D
 *   drain    up to 60 s until the directory saw every accepted request and every known one got its mail: mails per
 *            known request (1.0 expected), mails for unknown (0 expected), look-ups per second
 *   memory   VmHWM and VmRSS of the process from /proc, its MaxHeapSize (jinfo), full GCs and GC time (jstat)
 *
 * Run (JDK 17, single-file source launch):
 *   ./mvnw -DskipTests package
 *   ./mvnw -f bench/plain/pom.xml -q -o package
 *   java bench/RequestThroughputBench.java target/resetflow-0.1.0-SNAPSHOT.jar bench/plain/target/plain-reset-endpoint.jar
 * Options (defaults as documented): --warmup=5 --p1=20 --users=16 --rate=200 --p2=20 --sequential=2000 --seq-max=120
 *   --drain=60 --dumps=true (jstack during P1), --resetflow-arg=--some.property=value (repeatable, passed to ResetFlow only).
 */
public class RequestThroughputBench {

    static final int DIRECTORY_USERS = 1000;
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    static final String ACCEPTED = "Check your mail";
    static final Pattern LINK = Pattern.compile("/reset/([A-Za-z0-9_-]{43})");

    static int warmup = 5, p1Seconds = 20, users = 16, rate = 200, p2Seconds = 20, sequential = 2000, seqMax = 120,
            drain = 60;
    static boolean dumps = true;
    /** Phases to run, in this order: p1, p2, seq, drain (default), e2e (P3, on its own: see the README). */
    static Set<String> phases = new LinkedHashSet<>(List.of("p1", "p2", "seq", "drain"));
    static int e2eRate = 200, e2eSeconds = 60, e2eWait = 120;
    /** P4: resets waiting for their password, link openings measured, expiry timers that must fall due at once. */
    static int p4Pending = 20_000, p4Samples = 2000, p4Timers = 10_000;
    /** Accounts the directory knows: user1..userN (P4 needs one account per waiting reset: only the newest works). */
    static volatile int directoryUsers = DIRECTORY_USERS;
    static final String P4_ADMIN = "benchadmin";
    static final String P4_ADMIN_PASSWORD = "bench-" + Long.toHexString(new Random().nextLong());

    public static void main(String[] args) {
        int status = 0;
        try {
            bench(args);
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // the HTTP clients' and the servers' pool threads would keep the JVM alive
    }

    static void bench(String[] args) throws Exception {
        List<String> jars = new ArrayList<>();
        List<String> resetflowExtra = new ArrayList<>();
        List<String> jvmExtra = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                jars.add(arg);
                continue;
            }
            String key = arg.substring(2, arg.indexOf('=') < 0 ? arg.length() : arg.indexOf('='));
            String value = arg.indexOf('=') < 0 ? "true" : arg.substring(arg.indexOf('=') + 1);
            switch (key) {
                case "warmup" -> warmup = Integer.parseInt(value);
                case "p1" -> p1Seconds = Integer.parseInt(value);
                case "users" -> users = Integer.parseInt(value);
                case "rate" -> rate = Integer.parseInt(value);
                case "p2" -> p2Seconds = Integer.parseInt(value);
                case "sequential" -> sequential = Integer.parseInt(value);
                case "seq-max" -> seqMax = Integer.parseInt(value);
                case "drain" -> drain = Integer.parseInt(value);
                case "dumps" -> dumps = Boolean.parseBoolean(value);
                case "resetflow-arg" -> resetflowExtra.add(value);
                case "resetflow-jvm-arg" -> jvmExtra.add(value);
                case "phases" -> phases = new LinkedHashSet<>(List.of(value.split(",")));
                case "e2e-rate" -> e2eRate = Integer.parseInt(value);
                case "e2e" -> e2eSeconds = Integer.parseInt(value);
                case "e2e-wait" -> e2eWait = Integer.parseInt(value);
                case "p4-pending" -> p4Pending = Integer.parseInt(value);
                case "p4-samples" -> p4Samples = Integer.parseInt(value);
                case "p4-timers" -> p4Timers = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        String resetflowJar = jars.size() > 0 ? jars.get(0) : "target/resetflow-0.1.0-SNAPSHOT.jar";
        String plainJar = jars.size() > 1 ? jars.get(1) : "bench/plain/target/plain-reset-endpoint.jar";

        System.out.println(machine());
        System.out.printf("phases %s: warm-up %d s, P1 %d users x %d s, P2 %d/s x %d s, sequential %d + %d (at most %d s),"
                + " drain <= %d s, e2e (P3) %d/s known only x %d s + <= %d s%n", phases, warmup, users, p1Seconds, rate,
                p2Seconds, sequential, sequential, seqMax, drain, e2eRate, e2eSeconds, e2eWait);
        Directory directory = new Directory();
        SmtpSink smtp = new SmtpSink();
        try {
            Run resetflow = run("ResetFlow", resetflowJar, jvmExtra, directory, smtp, (port, scim) -> {
                List<String> a = new ArrayList<>(List.of(
                        "--server.port=" + port,
                        "--resetflow.public-base-url=http://localhost:" + port,
                        "--resetflow.scim.base-url=" + scim,
                        "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.port(),
                        // Scripted load solves no proof of work: the comparison is the request path without it.
                        "--resetflow.bot-defence.enabled=false",
                        "--resetflow.token.key=bench-only-reset-link-key-0123456789abcdef",
                        "--management.server.port=0",
                        "--resetflow.rate-limit.requests-per-address=100000000",
                        "--resetflow.rate-limit.requests-per-identifier=100000000",
                        "--resetflow.rate-limit.requests-per-identifier-all-networks=100000000",
                        "--resetflow.rate-limit.link-checks-per-address=100000000",
                        "--logging.level.resetflow.access=warn"));
                if (phases.contains("p4")) {
                    // An admin for the engine's REST API (the timers' job definition), and a file database: 20 KiB
                    // per waiting reset would not fit the 384 MiB heap in memory.
                    Path db = Path.of(System.getProperty("java.io.tmpdir"), "p4-db-" + ProcessHandle.current().pid());
                    a.addAll(List.of("--camunda.bpm.admin-user.id=" + P4_ADMIN,
                            "--camunda.bpm.admin-user.password=" + P4_ADMIN_PASSWORD,
                            "--spring.datasource.url=jdbc:h2:file:" + db.resolve("resetflow"),
                            "--resetflow.request.max-lookups-per-second=1000",
                            // All of them are sent at once: none may be dropped for a full inbox.
                            "--resetflow.request.max-queued=" + (p4Pending + 1000)));
                    directoryUsers = Math.max(DIRECTORY_USERS, p4Pending);
                }
                a.addAll(resetflowExtra);
                return a;
            });
            Run plain = run("plain", plainJar, List.of(), directory, smtp, (port, scim) -> List.of(
                    "--server.port=" + port,
                    "--plain.scim.base-url=" + scim,
                    "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.port()));
            printTable(resetflow, plain);
        } finally {
            directory.stop();
            smtp.close();
        }
    }

    interface Arguments {
        List<String> of(int port, String scimBase);
    }

    /** Everything measured for one application. */
    static final class Run {
        final String name;
        final Map<String, Double> figures = new LinkedHashMap<>();
        final Map<String, String> formats = new LinkedHashMap<>();

        Run(String name) {
            this.name = name;
        }

        void put(String figure, double value, String format) {
            figures.put(figure, value);
            formats.put(figure, format);
        }
    }

    static Run run(String name, String jar, List<String> jvmArguments, Directory directory, SmtpSink smtp,
                   Arguments arguments) throws Exception {
        int port = freePort();
        String base = "http://localhost:" + port;
        Path log = Files.createTempFile("throughput-" + name, ".log");
        List<String> command = new ArrayList<>(List.of(javaBin("java"), "-Xmx384m"));
        command.addAll(jvmArguments);
        command.addAll(List.of("-jar", jar));
        command.addAll(arguments.of(port, directory.base()));
        Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Run run = new Run(name);
        Load load = new Load(base);
        try {
            long startup = System.nanoTime();
            awaitUp(base, app);
            System.out.printf("%n== %s (pid %d, port %d, started in %.1f s, load average %s, log %s)%n", name,
                    app.pid(), port, (System.nanoTime() - startup) / 1e9, loadAverage(), log);
            directory.reset();
            smtp.reset();

            load.closedLoop(users, Duration.ofSeconds(warmup), null);

            if (phases.contains("p1")) {
            long lookupsBefore = directory.lookups.get();
            List<String> dumpFiles = new ArrayList<>();
            List<long[]> countsAtDumps = new ArrayList<>(); // accepted requests and look-ups when each dump was taken
            Phase p1 = load.closedLoop(users, Duration.ofSeconds(p1Seconds), dumps ? () -> {
                countsAtDumps.add(new long[] {load.acceptedKnown.get() + load.acceptedUnknown.get(),
                        directory.lookups.get()});
                dumpFiles.add(threadDump(app.pid(), name));
            } : null);
            run.put("P1 accepted requests/s", p1.rate(), "%.1f");
            run.put("P1 p50 ms", p1.percentile(50), "%.2f");
            run.put("P1 p99 ms", p1.percentile(99), "%.2f");
            run.put("P1 errors", p1.errors, "%.0f");
            run.put("P1 directory look-ups/s", (directory.lookups.get() - lookupsBefore) / p1.seconds, "%.1f");
            System.out.printf("P1 closed loop, %d users: %d accepted in %.1f s = %.1f/s, p50 %.2f ms, p99 %.2f ms, "
                            + "%d errors; background look-ups during P1: %.1f/s%n", users, p1.ok(), p1.seconds, p1.rate(),
                    p1.percentile(50), p1.percentile(99), p1.errors, run.figures.get("P1 directory look-ups/s"));
            for (String dump : dumpFiles) {
                System.out.println("  thread dump: " + dump);
            }
            if (dumpFiles.size() > 1) {
                Map<String, Double> cpu = new LinkedHashMap<>();
                List<String> summary = summariseDumps(dumpFiles, cpu);
                long[] first = countsAtDumps.get(0);
                long[] last = countsAtDumps.get(countsAtDumps.size() - 1);
                run.put("P1 request-thread CPU ms per request",
                        cpu.getOrDefault("request threads", 0.0) * 1000 / Math.max(1, last[0] - first[0]), "%.2f");
                run.put("P1 background CPU ms per look-up",
                        cpu.getOrDefault("background", 0.0) * 1000 / Math.max(1, last[1] - first[1]), "%.2f");
                System.out.printf("  between the first and the last dump: %d accepted, %d look-ups; CPU ms per accepted"
                                + " request on request threads %.2f, per look-up on background threads %.2f%n",
                        last[0] - first[0], last[1] - first[1], run.figures.get("P1 request-thread CPU ms per request"),
                        run.figures.get("P1 background CPU ms per look-up"));
                System.out.println("  where the request threads were, over " + dumpFiles.size() + " dumps:");
                summary.forEach(line -> System.out.println("    " + line));
            }

            }

            if (phases.contains("p2")) {
            Phase p2 = load.paced(rate, Duration.ofSeconds(p2Seconds));
            run.put("P2 achieved requests/s", p2.rate(), "%.1f");
            run.put("P2 p50 ms", p2.percentile(50), "%.2f");
            run.put("P2 p99 ms", p2.percentile(99), "%.2f");
            run.put("P2 errors", p2.errors, "%.0f");
            Map<String, Double> gcAfterP2 = gcUtil(app.pid());
            run.put("full GCs by the end of P2", gcAfterP2.getOrDefault("FGC", Double.NaN), "%.0f");
            System.out.printf("P2 paced at %d/s: %d accepted, achieved %.1f/s, p50 %.2f ms, p99 %.2f ms "
                            + "(from the scheduled time), %d errors%n", rate, p2.ok(), p2.rate(), p2.percentile(50),
                    p2.percentile(99), p2.errors);
            System.out.printf("GC by the end of P2: %.0f full collections, %.1f s in GC, old generation %.0f %% full%n",
                    gcAfterP2.getOrDefault("FGC", Double.NaN), gcAfterP2.getOrDefault("GCT", Double.NaN),
                    gcAfterP2.getOrDefault("O", Double.NaN));

            }

            if (phases.contains("seq")) {
            double[][] seq = load.sequential(sequential, Duration.ofSeconds(seqMax));
            double known = quantile(seq[0], 0.5);
            double unknown = quantile(seq[1], 0.5);
            double d = ksStatistic(seq[0], seq[1]);
            run.put("seq median known ms", known, "%.3f");
            run.put("seq median unknown ms", unknown, "%.3f");
            run.put("seq known - unknown ms", known - unknown, "%+.3f");
            run.put("seq KS D", d, "%.4f");
            run.put("seq KS p", ksPValue(d, seq[0].length, seq[1].length), "%.3f");
            run.put("seq errors", seq[2][0], "%.0f");
            System.out.printf("sequential, %d known + %d unknown shuffled: median known %.3f ms, unknown %.3f ms, "
                            + "difference %+.3f ms, p99 %.3f / %.3f ms, KS D = %.4f, p = %.3f, %.0f errors%n",
                    seq[0].length, seq[1].length, known, unknown, known - unknown, quantile(seq[0], 0.99),
                    quantile(seq[1], 0.99), d, ksPValue(d, seq[0].length, seq[1].length), seq[2][0]);

            }

            if (phases.contains("drain")) {
            long acceptedKnown = load.acceptedKnown.get();
            long acceptedUnknown = load.acceptedUnknown.get();
            long backlogAtEnd = acceptedKnown + acceptedUnknown - directory.lookups.get();
            long drainStart = System.nanoTime();
            long lookupsAtDrain = directory.lookups.get();
            while (System.nanoTime() - drainStart < drain * 1_000_000_000L
                    && (directory.lookups.get() < acceptedKnown + acceptedUnknown || smtp.known.get() < acceptedKnown)) {
                Thread.sleep(250);
            }
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            long pending = Math.max(0, acceptedKnown + acceptedUnknown - directory.lookups.get());
            run.put("accepted requests (all phases)", acceptedKnown + acceptedUnknown, "%.0f");
            run.put("backlog when the load stopped", Math.max(0, backlogAtEnd), "%.0f");
            run.put("look-ups/s while draining", backlogAtEnd > 0
                    ? (directory.lookups.get() - lookupsAtDrain) / drainSeconds : Double.NaN, "%.1f");
            run.put("drain s", drainSeconds, "%.1f");
            run.put("still pending after drain", pending, "%.0f");
            run.put("mails per known request", (double) smtp.known.get() / acceptedKnown, "%.3f");
            run.put("mails for unknown", smtp.unknown.get(), "%.0f");
            System.out.printf("accepted %d known + %d unknown; directory saw %d look-ups (peak %d/s), SMTP got %d mails "
                            + "(%d known, %d unknown, %d other)%n", acceptedKnown, acceptedUnknown, directory.lookups.get(),
                    directory.peakPerSecond(), smtp.all.get(), smtp.known.get(), smtp.unknown.get(), smtp.other.get());
            System.out.printf("backlog when the load stopped: %d; drain %s in %.1f s; mails per known request %.3f, "
                            + "mails for unknown %d%n", Math.max(0, backlogAtEnd),
                    pending == 0 && smtp.known.get() >= acceptedKnown ? "complete" : "INCOMPLETE (" + pending
                            + " look-ups pending)", drainSeconds, (double) smtp.known.get() / acceptedKnown,
                    smtp.unknown.get());

            }

            if (phases.contains("e2e")) {
                endToEnd(run, load, directory, smtp, app.pid());
            }

            if (phases.contains("p4") && name.equals("ResetFlow")) {
                pendingResets(run, load, smtp, base);
            }

            Map<String, Double> gc = gcUtil(app.pid());
            run.put("full GCs", gc.getOrDefault("FGC", Double.NaN), "%.0f");
            run.put("GC time s", gc.getOrDefault("GCT", Double.NaN), "%.1f");
            run.put("old gen used % at end", gc.getOrDefault("O", Double.NaN), "%.0f");
            Map<String, Long> status = procStatus(app.pid());
            long maxHeap = maxHeap(app.pid());
            run.put("peak RSS MiB (VmHWM)", status.getOrDefault("VmHWM", -1L) / 1024.0, "%.0f");
            run.put("RSS MiB at end (VmRSS)", status.getOrDefault("VmRSS", -1L) / 1024.0, "%.0f");
            run.put("JVM max heap MiB", maxHeap / 1048576.0, "%.0f");
            System.out.printf("memory: VmHWM %d MiB, VmRSS %d MiB, MaxHeapSize %d MiB; GC: %.0f full collections, "
                            + "%.1f s in GC, old generation %.0f %% full%n", status.getOrDefault("VmHWM", -1L) / 1024,
                    status.getOrDefault("VmRSS", -1L) / 1024, maxHeap / 1048576, gc.getOrDefault("FGC", Double.NaN),
                    gc.getOrDefault("GCT", Double.NaN), gc.getOrDefault("O", Double.NaN));
            return run;
        } finally {
            load.close();
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    /**
     * P3: known accounts only, paced at e2eRate for e2eSeconds, then up to e2eWait seconds for the backlog: resets per
     * second from the request to the mail received by the SMTP sink, and the application's whole CPU time per reset
     * (from /proc, every thread: a figure that moves far less with the machine's load than a rate does).
     */
    static void endToEnd(Run run, Load load, Directory directory, SmtpSink smtp, long pid) throws Exception {
        // Start from an idle application: whatever earlier phases left must not count here.
        long idleSince = System.nanoTime();
        long seen = -1;
        while (System.nanoTime() - idleSince < 120_000_000_000L) {
            long now = directory.lookups.get() + smtp.all.get();
            if (now == seen) {
                break;
            }
            seen = now;
            Thread.sleep(2000);
        }
        long mailsBefore = smtp.known.get();
        long acceptedBefore = load.acceptedKnown.get();
        long cpuBefore = processCpuMillis(pid);
        long start = System.nanoTime();
        Phase phase = load.paced(e2eRate, Duration.ofSeconds(e2eSeconds), true);
        long requestsEnd = System.nanoTime();
        long mailsInWindow = smtp.known.get() - mailsBefore;
        long accepted = load.acceptedKnown.get() - acceptedBefore;
        long lastMail = System.nanoTime();
        long count = smtp.known.get() - mailsBefore;
        while (count < accepted && System.nanoTime() - requestsEnd < e2eWait * 1_000_000_000L) {
            Thread.sleep(100);
            long now = smtp.known.get() - mailsBefore;
            if (now != count) {
                count = now;
                lastMail = System.nanoTime();
            }
        }
        Thread.sleep(2000); // a late duplicate would arrive now
        long mails = smtp.known.get() - mailsBefore;
        long cpu = processCpuMillis(pid) - cpuBefore;
        double allMailedSeconds = (lastMail - start) / 1e9;
        run.put("P3 requests accepted/s (known only)", phase.rate(), "%.1f");
        run.put("P3 end-to-end resets/s (mails/s)", mails / allMailedSeconds, "%.1f");
        run.put("P3 mails within the request window", mailsInWindow, "%.0f");
        run.put("P3 mails per accepted request", (double) mails / Math.max(1, accepted), "%.3f");
        run.put("P3 CPU ms per reset (whole process)", (double) cpu / Math.max(1, mails), "%.2f");
        System.out.printf("P3 end to end, %d/s known only for %d s: %d accepted (%.1f/s, p99 %.1f ms), %d mails "
                        + "(%d within the window), last after %.1f s = %.1f resets/s; mails per request %.3f; "
                        + "application CPU %.2f ms per reset%n", e2eRate, e2eSeconds, accepted, phase.rate(),
                phase.percentile(99), mails, mailsInWindow, allMailedSeconds, mails / allMailedSeconds,
                (double) mails / Math.max(1, accepted), (double) cpu / Math.max(1, mails));
    }

    /**
     * P4 (ResetFlow only: the plain endpoint has no link page). Builds up p4Pending resets that wait for their
     * password, one per account, and opens links among them one at a time: at 1,000 waiting and at p4Pending waiting,
     * so the figure is a ratio within the run. The expiry timers' job definition is suspended from the start (through
     * the engine's REST API, as an admin would); once p4Timers of them are due it is activated, and the bench times
     * how long the engine takes until no timer that was due at that moment is left.
     */
    static void pendingResets(Run run, Load load, SmtpSink smtp, String base) throws Exception {
        HttpClient admin = HttpClient.newHttpClient();
        String jobDefinitions = adminCall(admin, base, "GET",
                "/engine-rest/job-definition?processDefinitionKey=password-reset&activityIdIn=Event_TokenExpired", null);
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
        Phase baseline = openLinks(load, smtp, base);
        createPending(load, smtp, baselinePending + 1, p4Pending);
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        Phase loaded = openLinks(load, smtp, base);
        System.out.printf("P4 %d resets waiting (built in %.0f s, %.1f/s); link opened one at a time: at %d waiting "
                        + "p50 %.2f ms p99 %.2f ms; at %d waiting p50 %.2f ms p99 %.2f ms (%d errors)%n", p4Pending,
                buildSeconds, p4Pending / buildSeconds, baselinePending, baseline.percentile(50),
                baseline.percentile(99), p4Pending, loaded.percentile(50), loaded.percentile(99),
                baseline.errors + loaded.errors);
        System.out.printf("P4 of the %d links opened, %d had outlived their lifetime (410)%n", 2 * p4Samples,
                expired.get());
        run.put("P4 waiting resets", p4Pending, "%.0f");
        run.put("P4 link open p50 ms at 1,000 waiting", baseline.percentile(50), "%.2f");
        run.put("P4 link open p99 ms at 1,000 waiting", baseline.percentile(99), "%.2f");
        run.put("P4 link open p50 ms at all waiting", loaded.percentile(50), "%.2f");
        run.put("P4 link open p99 ms at all waiting", loaded.percentile(99), "%.2f");
        run.put("P4 link open errors", baseline.errors + loaded.errors, "%.0f");

        // The timers: wait until p4Timers are due (the link lifetime after their reset started), then let them run.
        String definitions = String.join(",", timerDefinitions);
        long due = 0;
        long waitUntil = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (due < Math.min(p4Timers, p4Pending) && System.nanoTime() < waitUntil) {
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
        run.put("P4 timers due at once", due, "%.0f");
        run.put("P4 seconds until all processed", left == 0 ? timerSeconds : Double.NaN, "%.1f");
        run.put("P4 timers processed/s", (due - left) / timerSeconds, "%.0f");
    }

    /** Requests for user{from}..user{to}, 16 at a time, then waits until each of them got its link. */
    static void createPending(Load load, SmtpSink smtp, int from, int to) throws Exception {
        load.freshClient();
        AtomicInteger next = new AtomicInteger(from);
        ExecutorService pool = Executors.newFixedThreadPool(users);
        List<java.util.concurrent.Future<?>> senders = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            VirtualUser vu = load.newUser();
            senders.add(pool.submit(() -> {
                for (int n = next.getAndIncrement(); n <= to; n = next.getAndIncrement()) {
                    HttpResponse<String> response = load.http.send(load.post(vu, "user" + n),
                            HttpResponse.BodyHandlers.ofString());
                    if (!load.accepted(vu, response, true)) {
                        throw new IllegalStateException("request for user" + n + " refused: " + response.statusCode());
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> sender : senders) {
            sender.get();
        }
        pool.shutdown();
        long waitUntil = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
        while (smtp.links.size() < to && System.nanoTime() < waitUntil) {
            Thread.sleep(500);
        }
        if (smtp.links.size() < to) {
            throw new IllegalStateException("only " + smtp.links.size() + " of " + to + " links mailed");
        }
    }

    static final AtomicInteger expired = new AtomicInteger();

    /** p4Samples link openings (GET /reset/{token}) one at a time, for links picked at random. */
    static Phase openLinks(Load load, SmtpSink smtp, String base) throws Exception {
        load.freshClient();
        List<String> tokens = new ArrayList<>(smtp.links.values());
        List<Double> millis = new ArrayList<>();
        int errors = 0;
        long start = System.nanoTime();
        for (int i = 0; i < p4Samples; i++) {
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
        return new Phase(millis, errors, (System.nanoTime() - start) / 1e9);
    }

    static long dueTimers(HttpClient admin, String base, String definitions, long dueBefore) throws Exception {
        String date = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
                .format(java.time.Instant.ofEpochMilli(dueBefore).atZone(java.time.ZoneOffset.UTC));
        String count = adminCall(admin, base, "GET", "/engine-rest/job/count?jobDefinitionId=" + definitions.split(",")[0]
                + "&dueDates=" + URLEncoder.encode("lt_" + date, StandardCharsets.UTF_8), null);
        Matcher m = Pattern.compile("\"count\"\\s*:\\s*(\\d+)").matcher(count);
        if (!m.find()) {
            throw new IllegalStateException("no count in " + count);
        }
        return Long.parseLong(m.group(1));
    }

    static String adminCall(HttpClient http, String base, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (P4_ADMIN + ":" + P4_ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json");
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }

    /** utime + stime of a process, in milliseconds (Linux, USER_HZ 100). */
    static long processCpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (Exception e) {
            return 0;
        }
    }

    static void printTable(Run resetflow, Run plain) {
        System.out.printf("%n%-34s %14s %14s %14s%n", "figure", resetflow.name, plain.name, "ResetFlow/plain");
        for (String figure : resetflow.figures.keySet()) {
            double a = resetflow.figures.get(figure);
            double b = plain.figures.getOrDefault(figure, Double.NaN);
            String format = resetflow.formats.get(figure);
            // Ratios only where they mean something: counts, targets (1.0, 0) and test statistics get none.
            boolean noRatio = figure.startsWith("seq known -") || figure.startsWith("seq KS") || figure.contains("errors")
                    || figure.contains("pending") || figure.startsWith("mails") || figure.startsWith("drain")
                    || figure.startsWith("backlog") || figure.startsWith("accepted") || figure.startsWith("full GCs")
                    || Double.isNaN(a) || Double.isNaN(b) || a == 0 || b == 0;
            System.out.printf("%-34s %14s %14s %14s%n", figure, Double.isNaN(a) ? "-" : String.format(format, a),
                    Double.isNaN(b) ? "-" : String.format(format, b), noRatio ? "" : String.format("%.2fx", a / b));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Load generation

    /** One measured phase: latencies of accepted answers, errors, and the wall time it took. */
    static final class Phase {
        final double[] millis;
        final int errors;
        final double seconds;

        Phase(List<Double> millis, int errors, double seconds) {
            this.millis = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            this.errors = errors;
            this.seconds = seconds;
        }

        int ok() {
            return millis.length;
        }

        double rate() {
            return millis.length / seconds;
        }

        double percentile(double p) {
            return millis.length == 0 ? Double.NaN : quantile(millis, p / 100);
        }
    }

    /** A virtual user: its cookies (session or CSRF cookie) and the CSRF field of its form. */
    static final class VirtualUser {
        final Map<String, String> cookies = new ConcurrentHashMap<>();
        volatile String csrf;

        String cookieHeader() {
            return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; "));
        }

        void keepCookies(HttpResponse<?> response) {
            for (String header : response.headers().allValues("set-cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        }
    }

    static final class Load implements AutoCloseable {
        final String base;
        /** A new client (and connection pool) per phase: no phase meets another one's stale keep-alive connections. */
        volatile HttpClient http;
        final AtomicLong acceptedKnown = new AtomicLong();
        final AtomicLong acceptedUnknown = new AtomicLong();

        Load(String base) {
            this.base = base;
        }

        void freshClient() {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                    .build();
        }

        VirtualUser newUser() throws Exception {
            VirtualUser user = new VirtualUser();
            HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            user.keepCookies(form);
            Matcher m = CSRF.matcher(form.body());
            if (form.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("no form with a CSRF field at " + base + "/ (HTTP " + form.statusCode()
                        + ")");
            }
            user.csrf = m.group(1);
            return user;
        }

        HttpRequest post(VirtualUser user, String identifier) {
            String body = "identifier=" + URLEncoder.encode(identifier, StandardCharsets.UTF_8) + "&_csrf="
                    + URLEncoder.encode(user.csrf, StandardCharsets.UTF_8);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/request"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            String cookie = user.cookieHeader();
            if (!cookie.isEmpty()) {
                request.header("Cookie", cookie);
            }
            return request.build();
        }

        /** Half known, half unknown, at random; numbers from the same range so the lengths match. */
        static String identifier(boolean known) {
            return (known ? "user" : "nobody") + (1 + ThreadLocalRandom.current().nextInt(DIRECTORY_USERS));
        }

        boolean accepted(VirtualUser user, HttpResponse<String> response, boolean known) {
            user.keepCookies(response);
            boolean ok = response.statusCode() == 200 && response.body().contains(ACCEPTED);
            if (ok) {
                (known ? acceptedKnown : acceptedUnknown).incrementAndGet();
            }
            return ok;
        }

        /** n users, each sending as soon as its previous answer arrived; optional thread dumps at 1/4, 1/2, 3/4. */
        Phase closedLoop(int n, Duration duration, Runnable dump) throws Exception {
            freshClient();
            List<VirtualUser> vus = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                vus.add(newUser());
            }
            ExecutorService pool = Executors.newFixedThreadPool(n);
            List<Double> millis = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger errors = new AtomicInteger();
            AtomicLong lastEnd = new AtomicLong();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            CountDownLatch done = new CountDownLatch(n);
            for (VirtualUser vu : vus) {
                pool.submit(() -> {
                    try {
                        while (System.nanoTime() < end) {
                            boolean known = ThreadLocalRandom.current().nextBoolean();
                            long t0 = System.nanoTime();
                            try {
                                HttpResponse<String> response = http.send(post(vu, identifier(known)),
                                        HttpResponse.BodyHandlers.ofString());
                                long t1 = System.nanoTime();
                                lastEnd.accumulateAndGet(t1, Math::max);
                                if (accepted(vu, response, known)) {
                                    millis.add((t1 - t0) / 1e6);
                                } else {
                                    errors.incrementAndGet();
                                }
                            } catch (Exception e) {
                                errors.incrementAndGet();
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            if (dump != null) {
                for (int q = 1; q <= 3; q++) {
                    long at = start + duration.toNanos() * q / 4;
                    Thread.sleep(Math.max(0, (at - System.nanoTime()) / 1_000_000));
                    dump.run();
                }
            }
            done.await();
            pool.shutdown();
            return new Phase(millis, errors.get(), (Math.max(lastEnd.get(), end) - start) / 1e9);
        }

        /**
         * Open loop: request k is due at start + k/rate, sent asynchronously whatever happened to the others, and
         * its latency runs from that due time, so a stall shows as the latency of everything scheduled during it.
         */
        Phase paced(int perSecond, Duration duration) throws Exception {
            return paced(perSecond, duration, false);
        }

        Phase paced(int perSecond, Duration duration, boolean knownOnly) throws Exception {
            freshClient();
            List<VirtualUser> vus = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                vus.add(newUser());
            }
            long interval = 1_000_000_000L / perSecond;
            long total = duration.toNanos() / interval;
            List<Double> millis = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger errors = new AtomicInteger();
            AtomicLong lastEnd = new AtomicLong();
            AtomicLong sent = new AtomicLong();
            CountDownLatch answered = new CountDownLatch((int) total);
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            long start = System.nanoTime() + 50_000_000L;
            ScheduledFuture<?> ticks = scheduler.scheduleAtFixedRate(() -> {
                // Catch up on every send that is due: a late tick never skips one.
                long due;
                while ((due = sent.get()) < total && start + due * interval <= System.nanoTime()) {
                    long k = sent.getAndIncrement();
                    long scheduled = start + k * interval;
                    VirtualUser vu = vus.get((int) (k % vus.size()));
                    boolean known = knownOnly || ThreadLocalRandom.current().nextBoolean();
                    http.sendAsync(post(vu, identifier(known)), HttpResponse.BodyHandlers.ofString())
                            .whenComplete((response, failure) -> {
                                long t1 = System.nanoTime();
                                lastEnd.accumulateAndGet(t1, Math::max);
                                if (failure == null && accepted(vu, response, known)) {
                                    millis.add((t1 - scheduled) / 1e6);
                                } else {
                                    errors.incrementAndGet();
                                }
                                answered.countDown();
                            });
                }
            }, 50_000_000L, Math.max(1, interval / 4), TimeUnit.NANOSECONDS);
            boolean all = answered.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
            ticks.cancel(false);
            scheduler.shutdown();
            int unanswered = all ? 0 : (int) answered.getCount();
            return new Phase(millis, errors.get() + unanswered,
                    (Math.max(lastEnd.get(), start + duration.toNanos()) - start) / 1e9);
        }

        /**
         * One request at a time, n known and n unknown in a shuffled order, stopping early when the time limit is
         * reached; returns both sorted latency sets and, as a third array of one element, the number of failed
         * requests (left out of the sets).
         */
        double[][] sequential(int n, Duration limit) throws Exception {
            long end = System.nanoTime() + limit.toNanos();
            freshClient();
            VirtualUser vu = newUser();
            List<Boolean> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(true);
                order.add(false);
            }
            Collections.shuffle(order, new Random(42));
            List<Double> known = new ArrayList<>();
            List<Double> unknown = new ArrayList<>();
            int errors = 0;
            for (boolean k : order) {
                if (System.nanoTime() > end) {
                    break;
                }
                HttpRequest request = post(vu, identifier(k));
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (accepted(vu, response, k)) {
                        (k ? known : unknown).add(ms);
                    } else {
                        errors++;
                    }
                } catch (java.io.IOException e) {
                    errors++;
                }
            }
            return new double[][] {known.stream().mapToDouble(Double::doubleValue).sorted().toArray(),
                    unknown.stream().mapToDouble(Double::doubleValue).sorted().toArray(), {errors}};
        }

        @Override
        public void close() {
            // HttpClient on JDK 17 has no close(); its threads end with the bench.
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Statistics (quantile and Kolmogorov-Smirnov as in RequestTimingBench.java)

    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
    }

    static double ksStatistic(double[] a, double[] b) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] <= x) {
                i++;
            }
            while (j < b.length && b[j] <= x) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    /** Asymptotic p-value of the two-sample KS test (Numerical Recipes' Q_KS with the small-sample correction). */
    static double ksPValue(double d, int n1, int n2) {
        double ne = (double) n1 * n2 / (n1 + n2);
        double lambda = (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d;
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double term = 2 * Math.pow(-1, k - 1) * Math.exp(-2 * k * k * lambda * lambda);
            sum += term;
            if (Math.abs(term) < 1e-10) {
                break;
            }
        }
        return Math.max(0, Math.min(1, sum));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The machine, the process, thread dumps

    static String machine() {
        String cpu = "";
        long memKb = 0;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
            memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
        } catch (Exception e) {
            // not Linux
        }
        return String.format("machine: %s, %d cores (%s), %d GiB, %s %s %s, %s %s; load average at start %s",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpu, Math.round(memKb / 1048576.0),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), loadAverage());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" 0*\\d+/")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    static String javaBin(String tool) {
        Path path = Path.of(System.getProperty("java.home"), "bin", tool);
        return Files.isExecutable(path) ? path.toString() : tool;
    }

    static Map<String, Long> procStatus(long pid) {
        Map<String, Long> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM") || line.startsWith("VmRSS")) {
                    values.put(line.substring(0, 5), Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return values;
    }

    static long maxHeap(long pid) {
        try {
            Process jinfo = new ProcessBuilder(javaBin("jinfo"), "-flag", "MaxHeapSize", String.valueOf(pid))
                    .redirectErrorStream(true).start();
            String out = new String(jinfo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jinfo.waitFor(30, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("MaxHeapSize=(\\d+)").matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** jstat -gcutil: FGC (full collections), GCT (seconds in GC), O (old generation, % used). */
    static Map<String, Double> gcUtil(long pid) {
        Map<String, Double> values = new LinkedHashMap<>();
        try {
            Process jstat = new ProcessBuilder(javaBin("jstat"), "-gcutil", String.valueOf(pid))
                    .redirectErrorStream(true).start();
            List<String> lines = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .toList();
            jstat.waitFor(30, TimeUnit.SECONDS);
            String[] names = lines.get(0).trim().split("\\s+");
            String[] numbers = lines.get(1).trim().split("\\s+");
            for (int i = 0; i < names.length && i < numbers.length; i++) {
                try {
                    values.put(names[i], Double.parseDouble(numbers[i]));
                } catch (NumberFormatException e) {
                    // "-" for a column the collector does not have
                }
            }
        } catch (Exception e) {
            // no jstat
        }
        return values;
    }

    static String threadDump(long pid, String name) {
        try {
            Path file = Files.createTempFile("throughput-" + name + "-jstack", ".txt");
            Process jstack = new ProcessBuilder(javaBin("jstack"), String.valueOf(pid)).redirectErrorStream(true)
                    .redirectOutput(file.toFile()).start();
            jstack.waitFor(30, TimeUnit.SECONDS);
            return file.toString();
        } catch (Exception e) {
            return "jstack failed: " + e;
        }
    }

    /** Package prefixes, first match from the top of a stack wins: the layer a busy request thread is in. */
    static final String[][] LAYERS = {
            {"org.h2.", "H2"}, {"com.zaxxer.", "Hikari"}, {"org.apache.ibatis.", "MyBatis"},
            {"org.camunda.", "Camunda engine"}, {"org.thymeleaf.", "Thymeleaf"},
            {"com.github.benmanes.", "rate limiter"}, {"io.github.bucket4j.", "rate limiter"},
            {"org.springframework.security.", "Spring Security"}, {"org.springframework.jdbc.", "Spring JDBC"},
            {"org.springframework.transaction.", "Spring transactions"},
            {"org.resetflow.", "ResetFlow"}, {"org.springframework.", "Spring MVC"},
            {"org.apache.catalina.", "Tomcat"}, {"org.apache.coyote.", "Tomcat"}, {"org.apache.tomcat.", "Tomcat"}};

    /**
     * Where the request threads (Tomcat's http-nio-*-exec-*) are when they are not idle in the pool's queue: the
     * layer at the top of the stack and the application frame that called into it, counted over all dumps; and the
     * CPU time each kind of thread (request threads, background work, the JIT compilers, GC) used between the first
     * and the last dump, also put into {@code cpuSeconds}. Background: Camunda's job executor, Spring's scheduler and
     * the application's own HTTP client (its SCIM calls).
     */
    static List<String> summariseDumps(List<String> files, Map<String, Double> cpuSeconds) {
        Map<String, Integer> sites = new ConcurrentHashMap<>();
        Map<String, Double> firstCpu = new java.util.TreeMap<>();
        Map<String, Double> lastCpu = new java.util.TreeMap<>();
        Pattern cpu = Pattern.compile("^\"([^\"]+)\".* cpu=([0-9.]+)ms", Pattern.MULTILINE);
        int busy = 0;
        int threads = 0;
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i);
            String text;
            try {
                text = Files.readString(Path.of(file));
            } catch (Exception e) {
                continue;
            }
            Map<String, Double> cpuByKind = i == 0 ? firstCpu : i == files.size() - 1 ? lastCpu : new java.util.TreeMap<>();
            Matcher threadCpu = cpu.matcher(text);
            while (threadCpu.find()) {
                String thread = threadCpu.group(1);
                String kind = thread.startsWith("http-nio-") && thread.contains("-exec-") ? "request threads"
                        : thread.startsWith("camundaTaskExecutor") || thread.startsWith("JobExecutor[")
                        || thread.startsWith("scheduling-") || thread.startsWith("HttpClient-") ? "background"
                        : thread.contains("CompilerThread") ? "JIT" : thread.startsWith("GC ")
                        || thread.startsWith("G1 ") ? "GC" : "other";
                cpuByKind.merge(kind, Double.parseDouble(threadCpu.group(2)) / 1000, Double::sum);
            }
            for (String block : text.split("\n\n")) {
                if (!block.startsWith("\"")) {
                    continue;
                }
                String name = block.substring(1, block.indexOf('"', 1));
                boolean request = name.startsWith("http-nio-") && name.contains("-exec-");
                List<String> frames = block.lines().filter(l -> l.trim().startsWith("at "))
                        .map(l -> l.trim().substring(3)).toList();
                boolean idle = frames.stream().limit(8).anyMatch(fr -> fr.contains("TaskQueue.take")
                        || fr.contains("TaskQueue.poll") || fr.contains("ThreadPoolExecutor.getTask"));
                if (!request) {
                    continue;
                }
                threads++;
                if (frames.isEmpty() || idle) {
                    continue;
                }
                busy++;
                String state = block.lines().filter(l -> l.contains("java.lang.Thread.State:")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim().split(" ")[0]).orElse("?");
                String layer = "JDK";
                for (String frame : frames) {
                    String found = null;
                    for (String[] l : LAYERS) {
                        if (frame.startsWith(l[0])) {
                            found = l[1];
                            break;
                        }
                    }
                    if (found != null) {
                        layer = found;
                        break;
                    }
                }
                String site = frames.stream().filter(f -> f.startsWith("org.resetflow.")).findFirst()
                        .map(RequestThroughputBench::shorten).orElse("-");
                sites.merge(String.format("%-8s %-18s in %s", state, layer, site), 1, Integer::sum);
            }
        }
        lastCpu.forEach((k, v) -> cpuSeconds.put(k, v - firstCpu.getOrDefault(k, 0.0)));
        List<String> lines = new ArrayList<>();
        lines.add(String.format("CPU seconds between the first and the last dump: %s", cpuSeconds.entrySet().stream()
                .map(e -> String.format("%s %.1f", e.getKey(), e.getValue())).collect(Collectors.joining(", "))));
        lines.add(String.format("%d of %d request-thread samples busy:", busy, threads));
        sites.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(10)
                .forEach(e -> lines.add(String.format("%3d  %s", e.getValue(), e.getKey())));
        return lines;
    }

    static String shorten(String frame) {
        return frame.replaceAll("\\(.*\\)", "").replaceAll("^([\\w$]+\\.)+(?=[\\w$]+\\.[\\w$<>]+$)", "");
    }

    static void awaitUp(String base, Process app) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 480; i++) {
            if (!app.isAlive()) {
                throw new IllegalStateException("the application exited with " + app.exitValue());
            }
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
        throw new IllegalStateException("no answer at " + base);
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The directory and the mail server

    /** A SCIM directory on loopback: user1..user1000 exist, look-ups answer at once and are counted per second. */
    static final class Directory {
        private static final Pattern USER = Pattern.compile("\"user(\\d+)(@example\\.org)?\"");
        final HttpServer server;
        final AtomicLong lookups = new AtomicLong();
        final Map<Long, AtomicInteger> perSecond = new ConcurrentHashMap<>();

        Directory() throws Exception {
            // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
            // about 40 ms per look-up, a directory far slower than "instant".
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/scim/v2/Users", this::handle);
            server.start();
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/scim/v2";
        }

        void reset() {
            lookups.set(0);
            perSecond.clear();
        }

        long peakPerSecond() {
            return perSecond.values().stream().mapToLong(AtomicInteger::get).max().orElse(0);
        }

        private void handle(HttpExchange exchange) {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (!exchange.getRequestMethod().equals("GET")) {
                    exchange.sendResponseHeaders(204, -1);
                    return;
                }
                String query = exchange.getRequestURI().getRawQuery();
                String filter = query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8);
                Matcher user = USER.matcher(filter);
                String resource = "";
                if (user.find()) {
                    int n = Integer.parseInt(user.group(1));
                    if (n >= 1 && n <= directoryUsers) {
                        resource = user("user" + n);
                    }
                }
                lookups.incrementAndGet();
                perSecond.computeIfAbsent(System.currentTimeMillis() / 1000, s -> new AtomicInteger()).incrementAndGet();
                byte[] body = ("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":"
                        + (resource.isEmpty() ? 0 : 1) + ",\"itemsPerPage\":" + (resource.isEmpty() ? 0 : 1)
                        + ",\"startIndex\":1,\"Resources\":[" + resource + "]}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/scim+json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (Exception e) {
                // the client went away
            }
        }

        private static String user(String name) {
            return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"id-" + name
                    + "\",\"userName\":\"" + name + "\",\"active\":true,\"name\":{\"givenName\":\"" + name
                    + "\"},\"emails\":[{\"value\":\"" + name + "@example.org\",\"primary\":true}]}";
        }

        void stop() {
            server.stop(0);
        }
    }

    /** Just enough SMTP to take the mails and count them by recipient: userN (known), nobodyN (unknown), other. */
    static final class SmtpSink implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        private final ExecutorService pool = Executors.newCachedThreadPool();
        final AtomicLong all = new AtomicLong();
        final AtomicLong known = new AtomicLong();
        final AtomicLong unknown = new AtomicLong();
        final AtomicLong other = new AtomicLong();
        /** The newest link token mailed to each recipient (P4 opens them). */
        final Map<String, String> links = new ConcurrentHashMap<>();

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

        void reset() {
            all.set(0);
            known.set(0);
            unknown.set(0);
            other.set(0);
        }

        private void session(Socket client) {
            try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(client.getOutputStream(), true)) {
                out.print("220 sink\r\n");
                out.flush();
                List<String> recipients = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null) {
                    String upper = line.toUpperCase();
                    if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                        out.print("250 sink\r\n");
                    } else if (upper.startsWith("RCPT TO:")) {
                        recipients.add(line.substring(8).trim().toLowerCase());
                        out.print("250 ok\r\n");
                    } else if (upper.startsWith("DATA")) {
                        out.print("354 go on\r\n");
                        out.flush();
                        StringBuilder data = new StringBuilder();
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // Quoted-printable soft line breaks may split the link.
                            data.append(line.endsWith("=") ? line.substring(0, line.length() - 1) : line + "\n");
                        }
                        Matcher link = LINK.matcher(data);
                        String token = link.find() ? link.group(1) : null;
                        for (String to : recipients) {
                            if (token != null) {
                                links.put(to, token);
                            }
                            all.incrementAndGet();
                            (to.startsWith("<user") ? known : to.startsWith("<nobody") ? unknown : other)
                                    .incrementAndGet();
                        }
                        recipients.clear();
                        out.print("250 queued\r\n");
                    } else if (upper.startsWith("QUIT")) {
                        out.print("221 bye\r\n");
                        out.flush();
                        return;
                    } else {
                        if (upper.startsWith("RSET") || upper.startsWith("MAIL FROM")) {
                            recipients.clear();
                        }
                        out.print("250 ok\r\n");
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

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ResetFlow on H2 (one node, the comparison), on PostgreSQL with one node and on PostgreSQL with two nodes sharing
 * the database, in one run on one machine. For each: accepted reset requests per second under a closed loop, their
 * p50/p99, and the end-to-end rate (requests answered and mailed); on PostgreSQL also what one reset costs the
 * database (statements, rows, WAL bytes, table bytes in runtime and history tables) and the nodes (CPU ms).
 *
 * Run with the test classpath (embedded PostgreSQL, GreenMail):
 *   ./mvnw -q -DskipTests package && ./mvnw -q dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/test-classpath.txt && \
 *   java -cp "$(cat target/test-classpath.txt)" bench/PostgresClusterBench.java target/resetflow-0.1.0-SNAPSHOT.jar
 * Options: --users=8 --seconds=20 --warmup=5 --drain=180
 */
public class PostgresClusterBench {

    static int users = 8;
    static int seconds = 20;
    static int warmup = 5;
    static int drain = 180;
    static final Pattern FILTER = Pattern.compile("userName eq \"([^\"]*)\"");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        for (String arg : args) {
            if (arg.startsWith("--users=")) users = Integer.parseInt(arg.substring(8));
            if (arg.startsWith("--seconds=")) seconds = Integer.parseInt(arg.substring(10));
            if (arg.startsWith("--warmup=")) warmup = Integer.parseInt(arg.substring(9));
            if (arg.startsWith("--drain=")) drain = Integer.parseInt(arg.substring(8));
        }
        machine();
        HttpServer scim = scimDirectory();
        GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", "smtp"));
        smtp.start();
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("max_connections", "300")
                .start();
        try {
            List<String> common = List.of(
                    "--resetflow.scim.base-url=http://127.0.0.1:" + scim.getAddress().getPort() + "/scim/v2",
                    "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.getSmtp().getPort(),
                    "--resetflow.public-base-url=https://reset.example.test",
                    "--resetflow.bot-defence.enabled=false",
                    // Links are derived from this key; every node the same (a real deployment: RESETFLOW_TOKEN_KEY).
                    "--resetflow.token.key=bench-only-reset-link-key-0123456789abcdef",
                    "--management.server.port=0",
                    "--resetflow.rate-limit.requests-per-address=100000000",
                    "--resetflow.rate-limit.requests-per-identifier=100000000",
                    "--resetflow.rate-limit.requests-per-identifier-all-networks=100000000",
                    "--resetflow.request.max-lookups-per-second=2000",
                    "--logging.level.resetflow.access=warn");
            Result h2 = run("H2, 1 node", jar, common, null, 1, smtp, null);
            Result pg1 = run("PostgreSQL, 1 node", jar, common, pg, 1, smtp, createDatabase(pg, "bench1"));
            Result pg2 = run("PostgreSQL, 2 nodes", jar, common, pg, 2, smtp, createDatabase(pg, "bench2"));
            System.out.println();
            System.out.println("| figure | H2, 1 node | PostgreSQL, 1 node | PostgreSQL, 2 nodes | PG1/H2 | PG2/H2 |");
            System.out.println("|---|---|---|---|---|---|");
            row("accepted requests/s", h2.accepted / h2.seconds, pg1.accepted / pg1.seconds, pg2.accepted / pg2.seconds);
            row("p50 ms", h2.p50, pg1.p50, pg2.p50);
            row("p99 ms", h2.p99, pg1.p99, pg2.p99);
            row("resets mailed/s (load + drain)", h2.mailedPerSecond, pg1.mailedPerSecond, pg2.mailedPerSecond);
            row("mails per accepted request", h2.mailsPerRequest, pg1.mailsPerRequest, pg2.mailsPerRequest);
            row("node CPU ms per reset (all nodes)", h2.cpuMsPerReset, pg1.cpuMsPerReset, pg2.cpuMsPerReset);
            System.out.println();
            for (Result r : List.of(pg1, pg2)) {
                System.out.println(r.name + ", per reset (request, look-up, token, mail; waiting for its link): "
                        + r.database);
            }
        } finally {
            pg.close();
            smtp.stop();
            scim.stop(0);
        }
        // The directory's thread pool would keep the JVM alive.
        System.exit(0);
    }

    record Result(String name, int accepted, double seconds, double p50, double p99, double mailedPerSecond,
                  double mailsPerRequest, double cpuMsPerReset, Map<String, String> database) {
    }

    static Result run(String name, Path jar, List<String> common, EmbeddedPostgres pg, int nodes, GreenMail smtp,
                      String url) throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        List<Process> processes = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx384m", "-jar", jar.toString(), "--server.port=" + port));
            command.addAll(common);
            if (url != null) {
                command.addAll(List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres", "--spring.datasource.password="));
            }
            Path log = Files.createTempFile("bench-node-", ".log");
            processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
            String base = "http://127.0.0.1:" + port;
            awaitUp(base);
            bases.add(base);
        }
        try {
            System.out.printf("%n== %s (load average %s)%n", name, Files.readString(Path.of("/proc/loadavg")).trim());
            AtomicInteger warm = new AtomicInteger();
            load(bases, warmup, warm, new ArrayList<>());
            awaitMails(smtp, warm.get(), drain);
            smtp.purgeEmailFromAllMailboxes();
            Map<String, Long> before = url == null ? Map.of() : dbStats(url);
            long cpuBefore = cpu(processes);
            long start = System.nanoTime();
            AtomicInteger accepted = new AtomicInteger();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            load(bases, seconds, accepted, latencies);
            int mails = awaitMails(smtp, accepted.get(), drain);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpuMs = (cpu(processes) - cpuBefore) * 1000 / 100; // clock ticks at 100 Hz
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            Map<String, String> database = new LinkedHashMap<>();
            if (url != null) {
                Map<String, Long> after = dbStats(url);
                for (String key : after.keySet()) {
                    database.put(key, String.format("%.1f", (after.get(key) - before.getOrDefault(key, 0L))
                            / (double) Math.max(1, accepted.get())));
                }
            }
            Result result = new Result(name, accepted.get(), seconds, pct(sorted, 50), pct(sorted, 99),
                    mails / elapsed, mails / (double) Math.max(1, accepted.get()),
                    cpuMs / (double) Math.max(1, mails), database);
            System.out.printf("accepted %d in %d s (%.1f/s), p50 %.1f ms, p99 %.1f ms; %d mails in %.1f s (%.1f/s);"
                            + " node CPU %.1f ms per reset%n", result.accepted, seconds, result.accepted / (double) seconds,
                    result.p50, result.p99, mails, elapsed, result.mailedPerSecond, result.cpuMsPerReset);
            return result;
        } finally {
            for (Process p : processes) {
                p.destroy();
                p.waitFor();
            }
        }
    }

    /** Closed loop: each virtual user has the form open and posts a random known user name, round robin over nodes. */
    static void load(List<String> bases, int forSeconds, AtomicInteger accepted, List<Long> latencies)
            throws InterruptedException {
        long end = System.nanoTime() + forSeconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int user = u;
            Thread thread = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
                int i = user;
                String csrf = null;
                while (System.nanoTime() < end) {
                    String base = bases.get(i++ % bases.size());
                    try {
                        if (csrf == null) {
                            String form = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                                    HttpResponse.BodyHandlers.ofString()).body();
                            Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
                            csrf = m.find() ? m.group(1) : "";
                        }
                        String body = "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&identifier=user"
                                + ThreadLocalRandom.current().nextInt(1, 100_000);
                        long t0 = System.nanoTime();
                        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/request"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        if (answer.statusCode() == 200 && answer.body().contains("Check your mail")) {
                            accepted.incrementAndGet();
                            latencies.add(t1 - t0);
                        }
                    } catch (Exception e) {
                        csrf = null;
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    static int awaitMails(GreenMail smtp, int expected, int atMostSeconds) throws InterruptedException {
        long end = System.nanoTime() + atMostSeconds * 1_000_000_000L;
        int last = -1;
        int stable = 0;
        while (System.nanoTime() < end) {
            int now = smtp.getReceivedMessages().length;
            if (expected >= 0 && now >= expected) {
                return now;
            }
            stable = now == last ? stable + 1 : 0;
            if (expected < 0 && stable >= 10) {
                return now;
            }
            last = now;
            Thread.sleep(200);
        }
        return smtp.getReceivedMessages().length;
    }

    static Map<String, Long> dbStats(String url) throws Exception {
        Map<String, Long> stats = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            query(s, "SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
                    + " WHERE datname = current_database())", "statements", stats);
            query(s, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", "transactions",
                    stats);
            query(s, "SELECT COALESCE(SUM(n_tup_ins), 0) FROM pg_stat_user_tables WHERE relname LIKE 'act_ru_%'",
                    "rows inserted act_ru", stats);
            query(s, "SELECT COALESCE(SUM(n_tup_ins), 0) FROM pg_stat_user_tables WHERE relname LIKE 'act_hi_%'",
                    "rows inserted act_hi", stats);
            query(s, "SELECT COALESCE(SUM(n_tup_ins), 0) FROM pg_stat_user_tables WHERE relname LIKE 'rf_%'",
                    "rows inserted rf_", stats);
            query(s, "SELECT COALESCE(SUM(n_tup_upd), 0) FROM pg_stat_user_tables", "rows updated", stats);
            query(s, "SELECT COALESCE(SUM(n_tup_del), 0) FROM pg_stat_user_tables", "rows deleted", stats);
            query(s, "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn", "WAL bytes", stats);
            query(s, "SELECT COALESCE(SUM(pg_total_relation_size(relid)), 0) FROM pg_stat_user_tables WHERE relname"
                    + " LIKE 'act_ru_%' OR relname LIKE 'rf_%'", "bytes runtime+rf tables", stats);
            query(s, "SELECT COALESCE(SUM(pg_total_relation_size(relid)), 0) FROM pg_stat_user_tables WHERE relname"
                    + " LIKE 'act_hi_%'", "bytes history tables", stats);
        }
        return stats;
    }

    static void query(Statement s, String sql, String name, Map<String, Long> into) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            into.put(name, r.getBigDecimal(1).longValue());
        }
    }

    static String createDatabase(EmbeddedPostgres pg, String name) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + name;
    }

    /** utime + stime of the processes, in clock ticks. */
    static long cpu(List<Process> processes) throws IOException {
        long ticks = 0;
        for (Process p : processes) {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return ticks;
    }

    static HttpServer scimDirectory() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.createContext("/scim/v2/Users", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String filter = query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8);
            Matcher m = FILTER.matcher(filter);
            String body;
            if (m.find() && m.group(1).matches("user\\d+")) {
                String name = m.group(1);
                body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":1,"
                        + "\"Resources\":[{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"id-"
                        + name + "\",\"userName\":\"" + name + "\",\"active\":true,\"emails\":[{\"value\":\"" + name
                        + "@example.org\",\"primary\":true}]}]}";
            } else {
                body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":0,"
                        + "\"Resources\":[]}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/scim+json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    static void awaitUp(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < end) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(base + " did not start");
    }

    static double pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }

    static void row(String name, double h2, double pg1, double pg2) {
        System.out.printf("| %s | %.2f | %.2f | %.2f | %.2fx | %.2fx |%n", name, h2, pg1, pg2, pg1 / h2, pg2 / h2);
    }

    static void machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().orElse("?");
        System.out.printf("machine: %d cores (%s), %s, Java %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(), cpu.replaceAll(".*: ", ""),
                Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " "),
                System.getProperty("java.version"), Files.readString(Path.of("/proc/loadavg")).trim());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

package org.resetflow.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code postgres-cluster}: ResetFlow on H2 in memory (one node, the comparison), on PostgreSQL with one node, and
 * with two nodes sharing the database, in one run. PostgreSQL is zonky's embedded PostgreSQL 16 with
 * pg_stat_statements; per phase: accepted requests, resets mailed per second, node CPU per reset, and on PostgreSQL
 * what one reset wrote.
 */
final class PostgresClusterBench {

    private static final int ACCOUNTS = 100_000;

    private final int users;
    private final int seconds;
    private final int warmup;
    private final int drain;

    private PostgresClusterBench(Options o) {
        users = o.integer("users", 8);
        seconds = o.integer("seconds", 20);
        warmup = o.integer("warmup", 5);
        drain = o.integer("drain", 180);
    }

    static void main(Options options) throws Exception {
        App.Launch launch = options.positional().isEmpty()
                ? new App.Launch("ResetFlow", "target/resetflow-0.1.0-SNAPSHOT.jar")
                : App.Launch.of(options, 0);
        new PostgresClusterBench(options).run(launch);
    }

    private void run(App.Launch launch) throws Exception {
        System.out.println(Machine.describe());
        try (ScimDirectory directory = new ScimDirectory(ACCOUNTS, Duration.ZERO); SmtpSink smtp = new SmtpSink();
             EmbeddedPostgres pg = EmbeddedPostgres.builder()
                     .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                     .setServerConfig("max_connections", "300").start()) {
            // The budget raised so that the background may go as fast as it can.
            String budget = "--resetflow.request.max-lookups-per-second=2000";
            List<Figures> runs = new ArrayList<>();
            List<Map<String, Double>> written = new ArrayList<>();
            runs.add(phase("H2, 1 node", launch, directory, budget, 1, smtp, null, written));
            runs.add(phase("PostgreSQL, 1 node", launch, directory, budget, 1, smtp, createDatabase(pg, "bench1"),
                    written));
            runs.add(phase("PostgreSQL, 2 nodes", launch, directory, budget, 2, smtp, createDatabase(pg, "bench2"),
                    written));
            Figures.print(runs, runs.get(0));
            System.out.println();
            for (int i = 1; i < runs.size(); i++) {
                System.out.println(runs.get(i).name + ", per reset (request, look-up, token, mail; waiting for its "
                        + "link): " + written.get(i));
            }
        }
    }

    private Figures phase(String name, App.Launch launch, ScimDirectory directory, String budget, int nodes,
                          SmtpSink smtp, String url, List<Map<String, Double>> written) throws Exception {
        List<App> apps = new ArrayList<>();
        try {
            for (int n = 0; n < nodes; n++) {
                int port = Ports.free();
                List<String> arguments = ResetFlowArguments.against(port, directory, smtp, budget);
                if (url != null) {
                    arguments.addAll(List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + url,
                            "--spring.datasource.username=postgres", "--spring.datasource.password="));
                }
                apps.add(App.start(launch, port, arguments).awaitUp("/"));
            }
            System.out.printf("%n== %s (load average %s)%n", name, Machine.loadAverage());
            smtp.reset();
            long warm = load(apps, warmup).ok();
            smtp.awaitMails(warm, Duration.ofSeconds(drain));
            smtp.reset();
            Map<String, Long> before = url == null ? Map.of() : databaseStatistics(url);
            long cpuBefore = apps.stream().mapToLong(App::cpuMillis).sum();
            long start = System.nanoTime();
            Load.Phase phase = load(apps, seconds);
            long mails = smtp.awaitMails(phase.ok(), Duration.ofSeconds(drain));
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpuMs = apps.stream().mapToLong(App::cpuMillis).sum() - cpuBefore;
            Map<String, Double> perReset = new LinkedHashMap<>();
            if (url != null) {
                Map<String, Long> after = databaseStatistics(url);
                after.forEach((key, value) -> perReset.put(key, (value - before.getOrDefault(key, 0L))
                        / (double) Math.max(1, phase.ok())));
            }
            written.add(perReset);
            Figures figures = new Figures(name);
            figures.put("accepted requests/s", phase.ok() / (double) seconds, "%.1f");
            figures.put("p50 ms", phase.percentile(50), "%.1f");
            figures.put("p99 ms", phase.percentile(99), "%.1f");
            figures.put("resets mailed/s (load + drain)", mails / elapsed, "%.1f");
            figures.count("mails per accepted request", mails / (double) Math.max(1, phase.ok()), "%.2f");
            figures.put("node CPU ms per reset (all nodes)", cpuMs / (double) Math.max(1, mails), "%.1f");
            System.out.printf("accepted %d in %d s, p50 %.1f ms, p99 %.1f ms; %d mails in %.1f s; node CPU %.1f ms per "
                    + "reset%n", phase.ok(), seconds, phase.percentile(50), phase.percentile(99), mails, elapsed,
                    cpuMs / (double) Math.max(1, mails));
            return figures;
        } finally {
            for (App app : apps) {
                app.close();
            }
        }
    }

    /** Closed loop over all nodes: the virtual users are spread over the nodes, each posts random known names. */
    private Load.Phase load(List<App> apps, int forSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(apps.size());
        List<Future<Load.Phase>> phases = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            int own = users / apps.size() + (i < users % apps.size() ? 1 : 0);
            Load load = new Load(apps.get(i).base, ACCOUNTS);
            phases.add(pool.submit(() -> load.closedLoop(own, Duration.ofSeconds(forSeconds), null, () -> true)));
        }
        List<Double> millis = new ArrayList<>();
        int errors = 0;
        for (Future<Load.Phase> phase : phases) {
            for (double ms : phase.get().millis()) {
                millis.add(ms);
            }
            errors += phase.get().errors();
        }
        pool.shutdown();
        return Load.Phase.of(millis, errors, forSeconds);
    }

    private static Map<String, Long> databaseStatistics(String url) throws Exception {
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

    private static void query(Statement s, String sql, String name, Map<String, Long> into) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            into.put(name, r.getBigDecimal(1).longValue());
        }
    }

    private static String createDatabase(EmbeddedPostgres pg, String name) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + name;
    }
}

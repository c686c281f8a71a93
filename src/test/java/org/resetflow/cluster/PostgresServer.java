package org.resetflow.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL 16 for the whole test run (zonky's embedded binaries from Maven Central: nothing to install),
 * started on first use and stopped when the JVM exits. Each Spring context or cluster gets a database of its own,
 * so tests never see each other's resets.
 */
public final class PostgresServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private PostgresServer() {
    }

    /** The running server, started on first use. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            // Without this the postmaster (started detached by pg_ctl) would outlive the test JVM. The Spring test
            // contexts close in shutdown hooks of their own, at the same time: give them a moment first, so their
            // engines do not log a database that vanished under them.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(2000);
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going anyway
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        return server;
    }

    public static int port() {
        return server().getPort();
    }

    /** Creates an empty database and returns its JDBC URL (user {@code postgres}, no password). */
    public static String newDatabase() {
        String name = "resetflow_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return url(server().getPort(), name);
    }

    public static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Points a Spring test context at a fresh database of the embedded server, with the {@code postgres} profile's
     * other settings (the test activates the profile).
     */
    public static void register(DynamicPropertyRegistry registry) {
        String url = newDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}

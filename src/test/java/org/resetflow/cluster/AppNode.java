package org.resetflow.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One ResetFlow node: the packaged jar ({@code target/resetflow-*.jar}, built by {@code package} before Failsafe runs)
 * in a JVM of its own, as production runs it. Its output goes to {@code target/cluster-it/<name>-<n>.log}. It can be
 * stopped politely or killed with SIGKILL ({@link Process#destroyForcibly()} on Linux), and started again with the
 * same settings.
 */
final class AppNode implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(360);
    private static final Path LOGS = Path.of("target", "cluster-it");

    private final String name;
    private final int port;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    AppNode(String name, List<String> arguments, Map<String, String> environment) {
        this.name = name;
        this.port = freePort();
        this.arguments = List.copyOf(arguments);
        this.environment = Map.copyOf(environment);
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the JVM and waits until the request page answers. */
    AppNode start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Two nodes, the test and PostgreSQL share two cores: small heaps, quick JIT.
                "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-jar", jar().toString(),
                "--server.port=" + port,
                // Two nodes on one host: each its own free management port, not the shipped 8081.
                "--management.server.port=0",
                // The engine's job log names the node that ran each job.
                "--camunda.bpm.generic-properties.properties.hostname=" + name));
        command.addAll(arguments);
        try {
            Files.createDirectories(LOGS);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(LOGS.resolve(name + "-" + (++starts) + ".log").toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
        try {
            awaitReady();
        } catch (RuntimeException e) {
            // A node that did not come up must not outlive the test (it would hold its port and database).
            close();
            throw e;
        }
        return this;
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no commit, no goodbye to the database. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM: Spring's graceful shutdown. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitForExit();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        try {
            Awaitility.await(name + " answering on " + baseUrl())
                    .atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                    .until(this::answers);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " did not answer within " + STARTUP_TIMEOUT, e);
        }
    }

    private boolean answers() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            // Fails the wait at once instead of polling a dead process until the timeout.
            throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see "
                    + LOGS.resolve(name + "-" + starts + ".log"));
        }
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/")).timeout(Duration.ofSeconds(5)).GET()
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    static Path jar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("resetflow-.*\\.jar"))
                    .filter(f -> !f.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "No packaged jar in target/: run these tests with ./mvnw verify (after package)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.resetflow.scim;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real third-party SCIM 2.0 server (SCIMMY on Node.js, see {@code src/test/scimmy}) running as a child process, so
 * end-to-end tests exercise ResetFlow's SCIM client against an implementation we did not write.
 *
 * <p>Without Node.js the calling test is aborted (skipped) on developer machines, but fails when {@code CI=true}, so
 * a CI image that lost Node cannot turn the end-to-end suite silently green.
 */
public final class ScimmyServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScimmyServer.class);

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FIXTURE_CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern LISTENING = Pattern.compile("^SCIMMY_LISTENING (\\d+)$");
    private static final int OUTPUT_LINES_KEPT_FOR_ERRORS = 40;
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Serialises npm installs: parallel test classes must not race on one node_modules directory. */
    private static final Object INSTALL_LOCK = new Object();

    private final Process process;
    private final URI root;
    private final HttpClient http;

    private ScimmyServer(Process process, int port) {
        this.process = process;
        this.root = URI.create("http://127.0.0.1:" + port);
        this.http = HttpClient.newBuilder().connectTimeout(FIXTURE_CALL_TIMEOUT).build();
    }

    /**
     * Starts a fresh, empty-but-for-the-seed SCIM server on a free loopback port.
     *
     * @param bearerToken the only token the server accepts on {@code /scim/v2}
     * @param seedJson JSON array of SCIM User objects (ids are kept; an optional {@code password} is stored but never
     *     returned), or {@code null} for none
     */
    public static ScimmyServer start(String bearerToken, String seedJson) {
        Objects.requireNonNull(bearerToken, "bearerToken");
        Path fixtureDir = fixtureDirectory();
        Path node = requireTool("node");
        ensureInstalled(fixtureDir, requireTool("npm"));

        ProcessBuilder builder = new ProcessBuilder(node.toString(), "server.js")
                .directory(fixtureDir.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PORT", "0");
        env.put("SCIM_TOKEN", bearerToken);
        env.put("SCIMMY_EXIT_ON_STDIN_EOF", "true");
        if (seedJson != null) {
            env.put("SCIM_SEED", seedJson);
        } else {
            env.remove("SCIM_SEED");
        }

        Process process = launch(builder);
        // stdin stays open on purpose: server.js exits when it closes, i.e. when this JVM dies without close()
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Deque<String> recentOutput = new ArrayDeque<>();
        drain("scimmy-server-output", process.getInputStream(), line -> {
            log.info("scimmy: {}", line);
            synchronized (recentOutput) {
                if (recentOutput.size() == OUTPUT_LINES_KEPT_FOR_ERRORS) {
                    recentOutput.removeFirst();
                }
                recentOutput.addLast(line);
            }
            Matcher listening = LISTENING.matcher(line);
            if (listening.matches()) {
                port.complete(Integer.valueOf(listening.group(1)));
            }
        }, () -> port.completeExceptionally(new IllegalStateException("SCIMMY server exited before listening")));

        try {
            ScimmyServer server = new ScimmyServer(process, port.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            log.info("SCIMMY server listening at {}", server.baseUrl());
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy(process);
            throw new IllegalStateException("Interrupted while starting the SCIMMY server", e);
        } catch (ExecutionException | TimeoutException e) {
            destroy(process);
            String output;
            synchronized (recentOutput) {
                output = String.join(System.lineSeparator(), recentOutput);
            }
            String reason = e instanceof TimeoutException
                    ? "did not report SCIMMY_LISTENING within " + STARTUP_TIMEOUT.toSeconds() + " s"
                    : "exited before listening";
            throw new IllegalStateException(
                    "SCIMMY server in " + fixtureDir + " " + reason + "; last output:" + System.lineSeparator() + output, e);
        }
    }

    /** SCIM base URL, e.g. {@code http://127.0.0.1:41329/scim/v2}, without a trailing slash. */
    public String baseUrl() {
        return root + "/scim/v2";
    }

    /** The cleartext password the directory currently holds for the user; SCIM itself never returns it. */
    public Optional<String> passwordOf(String userId) {
        HttpResponse<String> response = fixtureCall(HttpRequest.newBuilder(
                        fixtureUri("/_fixture/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20")
                                + "/password"))
                .GET());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectStatus(response, 200);
        return Optional.of(readJson(response.body(), new TypeReference<Map<String, String>>() {}).get("password"));
    }

    /**
     * Every request received under {@code /scim/v2}, oldest first, including rejected ones, each as
     * {@code {method, path, query}}; {@code path} includes the {@code /scim/v2} prefix and {@code query} maps parameter
     * names to decoded values. Bodies are deliberately not recorded.
     */
    public List<Map<String, Object>> requests() {
        HttpResponse<String> response = fixtureCall(HttpRequest.newBuilder(fixtureUri("/_fixture/requests")).GET());
        expectStatus(response, 200);
        return readJson(response.body(), new TypeReference<List<Map<String, Object>>>() {});
    }

    /**
     * Makes the next {@code count} PATCH/PUT requests answer {@code status} with a SCIM error body, before
     * authentication and without touching the store, as an unavailable directory would. Replaces any pending
     * injection; reads are never affected.
     */
    public void failNextWrites(int status, int count) {
        String body = writeJson(Map.of("status", status, "count", count));
        HttpResponse<String> response = fixtureCall(HttpRequest.newBuilder(fixtureUri("/_fixture/fail-next"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        expectStatus(response, 204);
    }

    @Override
    public void close() {
        destroy(process);
    }

    private static Path fixtureDirectory() {
        // Surefire sets "basedir"; falling back to the working directory covers IDE runs from the project root
        Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = basedir.resolve(Path.of("src", "test", "scimmy")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("server.js"))) {
            throw new IllegalStateException("SCIMMY fixture not found at " + dir + " (run tests from the Maven basedir)");
        }
        return dir;
    }

    private static Path requireTool(String name) {
        Optional<Path> tool = findOnPath(name);
        if (tool.isPresent()) {
            return tool.get();
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("'" + name + "' not found on PATH, but CI=true: the SCIMMY end-to-end "
                    + "tests must run in CI, so install Node.js 20 (with npm) on the CI machine");
        }
        return Assumptions.abort(
                "Node.js not found: SCIMMY end-to-end tests skipped (install Node 20; they always run when CI=true)");
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        List<String> candidates = WINDOWS ? List.of(name + ".exe", name + ".cmd") : List.of(name);
        return Stream.of(path.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .flatMap(entry -> candidates.stream().map(candidate -> Path.of(entry, candidate)))
                .filter(Files::isRegularFile)
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static void ensureInstalled(Path fixtureDir, Path npm) {
        synchronized (INSTALL_LOCK) {
            Path lockFile = fixtureDir.resolve("package-lock.json");
            if (isInstalled(fixtureDir, lockFile)) {
                return;
            }
            List<String> command = Files.isRegularFile(lockFile)
                    ? List.of(npm.toString(), "ci", "--no-audit", "--no-fund")
                    : List.of(npm.toString(), "install", "--no-audit", "--no-fund");
            log.info("Installing SCIMMY fixture dependencies: {} (in {})", String.join(" ", command.subList(1, command.size())),
                    fixtureDir);
            Process install = launch(new ProcessBuilder(command).directory(fixtureDir.toFile()).redirectErrorStream(true));
            // npm must never sit waiting for an answer to a prompt
            closeStdin(install);
            Thread drainer = drain("scimmy-npm-output", install.getInputStream(), line -> log.info("npm: {}", line), () -> {});
            try {
                if (!install.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    destroy(install);
                    throw new IllegalStateException("npm did not finish within " + INSTALL_TIMEOUT.toMinutes() + " min in "
                            + fixtureDir);
                }
                drainer.join(STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                destroy(install);
                throw new IllegalStateException("Interrupted while installing SCIMMY fixture dependencies", e);
            }
            if (install.exitValue() != 0) {
                throw new IllegalStateException(
                        "npm failed with exit code " + install.exitValue() + " in " + fixtureDir + " (see log above)");
            }
        }
    }

    /**
     * npm writes {@code node_modules/.package-lock.json} last, so its absence means no install or an interrupted
     * one, and it being older than the lock file means the dependencies changed since.
     */
    private static boolean isInstalled(Path fixtureDir, Path lockFile) {
        Path installedLock = fixtureDir.resolve(Path.of("node_modules", ".package-lock.json"));
        try {
            return Files.isRegularFile(installedLock)
                    && (!Files.isRegularFile(lockFile)
                            || Files.getLastModifiedTime(installedLock).compareTo(Files.getLastModifiedTime(lockFile)) >= 0);
        } catch (IOException e) {
            return false;
        }
    }

    private static Process launch(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + builder.command() + " in " + builder.directory(), e);
        }
    }

    private static void closeStdin(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            log.debug("Closing stdin of {} failed: {}", process.pid(), e.getMessage());
        }
    }

    private static Thread drain(String name, InputStream output, Consumer<String> onLine, Runnable onEnd) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // The stream closes under us when the process is destroyed; nothing is lost but log lines
                log.debug("Stopped reading {}: {}", name, e.getMessage());
            } finally {
                onEnd.run();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void destroy(Process process) {
        // node server.js has no children today, but npm (or a future wrapper script) would
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("SCIMMY process {} ignored SIGTERM; killing it", process.pid());
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private URI fixtureUri(String path) {
        return root.resolve(path);
    }

    private HttpResponse<String> fixtureCall(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(FIXTURE_CALL_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("SCIMMY fixture call failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during SCIMMY fixture call", e);
        }
    }

    private static void expectStatus(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException("SCIMMY fixture " + response.request().method() + " " + response.uri()
                    + " answered " + response.statusCode() + " instead of " + expected + ": " + response.body());
        }
    }

    private static <T> T readJson(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Unexpected SCIMMY fixture response: " + json, e);
        }
    }

    private static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

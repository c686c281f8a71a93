package org.resetflow.ldap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A real LDAP server run by one of the scripts in {@code src/test/ldap}, as a child process in a temporary
 * directory, started once per JVM and stopped when it ends: Debian's slapd with the ppolicy overlay for the OpenLDAP
 * dialect, a Samba AD domain controller for the Active Directory dialect.
 *
 * <p>Without the server's binaries the calling test is skipped with the command that installs them, except when
 * {@code CI=true}: there it fails, so a CI image that lost slapd or Samba cannot turn these tests silently green.
 */
final class LdapTestServer {

    /** Every account's password when the scripts provision it. */
    static final String INITIAL_PASSWORD = "Initial-Passw0rd";
    /** The service account's, handed to the scripts through the environment as production hands ResetFlow its own. */
    static final String SERVICE_PASSWORD = "Svc-" + Long.toHexString(Double.doubleToLongBits(Math.random())) + "-9";

    private static LdapTestServer openLdap;
    private static LdapTestServer sambaAd;

    final String host;
    final int port;
    final Path dir;
    private final Process process;

    private LdapTestServer(String host, int port, Path dir, Process process) {
        this.host = host;
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** slapd on a free loopback port, plain LDAP; base {@code ou=people,dc=resetflow,dc=test}. */
    static synchronized LdapTestServer openLdap() {
        if (openLdap == null) {
            requireBinaries("slapd", "apt-get install slapd ldap-utils", "/usr/sbin/slapd", "/usr/sbin/slapadd",
                    "/usr/sbin/slaptest");
            int port = freePort();
            openLdap = start("slapd.sh", "127.0.0.1", port, Duration.ofSeconds(30), String.valueOf(port));
        }
        return openLdap;
    }

    /** Samba's AD DC on 127.0.0.1, LDAPS on 636 with a certificate of its own CA ({@link #caFile()}). */
    static synchronized LdapTestServer sambaAd() {
        if (sambaAd == null) {
            requireBinaries("Samba AD", "apt-get install samba", "/usr/sbin/samba", "/usr/bin/samba-tool",
                    "/usr/bin/openssl");
            if (!portFree(636) || !portFree(389)) {
                throw new IllegalStateException("Ports 389/636 on 127.0.0.1 are taken: Samba serves LDAP on fixed "
                        + "ports only, so one Samba AD test server runs per machine at a time");
            }
            // Provisioning a domain takes half a minute or more on a busy machine.
            sambaAd = start("samba-ad.sh", "127.0.0.1", 636, Duration.ofMinutes(4), "127.0.0.1");
        }
        return sambaAd;
    }

    String caFile() {
        return dir.resolve("tls/ca.pem").toString();
    }

    private static void requireBinaries(String what, String install, String... paths) {
        List<String> missing = new ArrayList<>();
        for (String path : paths) {
            if (!Files.isExecutable(Path.of(path))) {
                missing.add(path);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = what + " tests need " + String.join(", ", missing) + " (" + install + ")";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message + "; CI=true, so they run and fail instead of being skipped");
        }
        Assumptions.abort(message + "; skipped here, they always run when CI=true");
    }

    /**
     * Runs {@code src/test/ldap/<script> <dir>/server <args>} and waits until {@code host:port} takes connections:
     * fails at the deadline, or as soon as the script ends without a server, with the script's output either way.
     */
    static LdapTestServer start(String script, String host, int port, Duration startup, String... args) {
        try {
            Path dir = Files.createTempDirectory("resetflow-"
                    + Path.of(script).getFileName().toString().replace(".sh", "") + "-");
            Path log = dir.resolve("server.log");
            List<String> command = new ArrayList<>(List.of("bash", Path.of("src/test/ldap", script).toAbsolutePath()
                    .toString(), dir.resolve("server").toString()));
            command.addAll(List.of(args));
            Files.createDirectories(dir.resolve("server"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment.put("RESETFLOW_TEST_LDAP_BIND_PASSWORD", SERVICE_PASSWORD);
            Process process = builder.start();
            LdapTestServer server = new LdapTestServer(host, port, dir.resolve("server"), process);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            try {
                Awaitility.await(script).atMost(startup).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                        .until(() -> !process.isAlive() || server.listening());
            } catch (ConditionTimeoutException e) {
                server.stop();
                throw new IllegalStateException(script + " did not start within " + startup.toSeconds() + " s; "
                        + "its output:\n" + tail(log) + tail(dir.resolve("server/provision.log")));
            }
            if (!process.isAlive() && !server.listening()) {
                server.stop();
                throw new IllegalStateException(script + " ended (exit code " + process.exitValue() + ") before "
                        + host + ":" + port + " took connections; its output:\n" + tail(log)
                        + tail(dir.resolve("server/provision.log")));
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean portFree(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}

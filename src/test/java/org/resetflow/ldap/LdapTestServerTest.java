package org.resetflow.ldap;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link LdapTestServer} waits for a server script: it gives up at its deadline, and says at once when the script
 * ended without a server, with the script's output, instead of blaming the deadline.
 */
class LdapTestServerTest {

    @TempDir
    Path scripts;

    @Test
    void shouldSayAtOnceThatTheScriptEndedWithoutAServer() throws IOException {
        // Given a script that fails before it starts a server
        String script = script("exits.sh", "echo 'provisioning failed: no schema'\nexit 3\n");

        // When it is started with a deadline of two minutes
        // Then the failure names the script's end, its exit code and its output, not the deadline
        assertThatThrownBy(() -> LdapTestServer.start(script, "127.0.0.1", freePort(), Duration.ofMinutes(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ended (exit code 3) before 127.0.0.1:")
                .hasMessageContaining("provisioning failed: no schema")
                .hasMessageNotContaining("did not start within");
    }

    @Test
    void shouldGiveUpAtTheDeadline() throws IOException {
        // Given a script that runs but never serves
        String script = script("hangs.sh", "echo 'waiting for nothing'\nexec sleep 60\n");

        // When it is started with a deadline of one second
        // Then it fails at the deadline, with the script's output
        assertThatThrownBy(() -> LdapTestServer.start(script, "127.0.0.1", freePort(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not start within 1 s")
                .hasMessageContaining("waiting for nothing");
    }

    /** A script LdapTestServer finds from src/test/ldap, where it looks for its own. */
    private String script(String name, String body) throws IOException {
        Path file = scripts.resolve(name);
        Files.writeString(file, "#!/usr/bin/env bash\n" + body);
        return Path.of("src/test/ldap").toAbsolutePath().relativize(file).toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

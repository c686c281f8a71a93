package org.resetflow.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.resetflow.directory.DirectoryConfigurationException;
import org.resetflow.directory.DirectoryException;

/**
 * {@code resetflow.directory.calls} for LDAP, read from the registry after operations against the in-memory server
 * and against a port nothing listens on: every operation timed by LDAP operation and outcome, never by what it
 * carried.
 */
class LdapCallTimerTest {

    private static final String ALICE = "uid=alice," + InMemoryLdap.PEOPLE;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void shouldTimeEveryOperationByMethodAndOutcome() throws LDAPException {
        // Given a server that is busy once for "busy-user" and fails ("other") for "broken-user"
        AtomicInteger busy = new AtomicInteger();
        InMemoryOperationInterceptor moody = new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
                String filter = request.getRequest().getFilter().toString();
                if (filter.contains("busy-user") && busy.incrementAndGet() == 1) {
                    throw new LDAPException(ResultCode.BUSY, "busy");
                }
                if (filter.contains("broken-user")) {
                    throw new LDAPException(ResultCode.OTHER, "broken");
                }
            }
        };
        try (InMemoryLdap ldap = new InMemoryLdap(moody, "alice");
             LdapConnections connections = new LdapConnections(ldap.properties(2, Duration.ofSeconds(5)),
                     waitNot -> { }, meters)) {
            OpenLdapDirectory directory = new OpenLdapDirectory(connections);

            // When it is searched, a password is set and an entry modified
            directory.findByUserName("alice");
            directory.setPassword(ALICE, "Brand-New-Passw0rd");
            connections.write("describe", connection -> connection.modify(ALICE,
                    new Modification(ModificationType.REPLACE, "description", "timed")));

            // Then each operation was timed once under its LDAP operation and outcome, the pool's one connection
            // bound once
            assertThat(count("bind", "success")).isEqualTo(1);
            assertThat(count("search", "success")).isEqualTo(1);
            assertThat(count("extended", "success")).isEqualTo(1);
            assertThat(count("modify", "success")).isEqualTo(1);

            // When the server is busy once, fails twice (one retry) and an entry that is not there is modified
            directory.findByUserName("busy-user");
            assertThatThrownBy(() -> directory.findByUserName("broken-user")).isInstanceOf(DirectoryException.class);
            assertThatThrownBy(() -> connections.write("describe", connection -> connection.modify(
                    "uid=nobody," + InMemoryLdap.PEOPLE, new Modification(ModificationType.REPLACE, "description",
                            "timed")))).isInstanceOf(DirectoryException.class);

            // Then the busy search counted before its retry, each failure as what it was
            assertThat(count("search", "busy")).isEqualTo(1);
            assertThat(count("search", "success")).isEqualTo(2);
            assertThat(count("search", "server-error")).isEqualTo(2);
            assertThat(count("modify", "client-error")).isEqualTo(1);
            assertOnlyFixedWords();
        }
    }

    @Test
    void shouldCountARefusedServiceAccountAsRefusedCredentials() throws LDAPException {
        try (InMemoryLdap ldap = new InMemoryLdap(null, "alice")) {
            LdapProperties right = ldap.properties(1, Duration.ofSeconds(5));
            LdapProperties wrong = new LdapProperties(right.url(), right.dialect(), right.baseDn(), right.bindDn(),
                    "not-the-service-password", false, true, "", 1, right.connectTimeout(), right.readTimeout(),
                    right.retry());
            try (LdapConnections connections = new LdapConnections(wrong, waitNot -> { }, meters)) {
                OpenLdapDirectory directory = new OpenLdapDirectory(connections);

                // When a look-up runs, and the health check, with a password the server refuses
                assertThatThrownBy(() -> directory.findByUserName("alice"))
                        .isInstanceOf(DirectoryConfigurationException.class);
                assertThatThrownBy(directory::checkReachable).isInstanceOf(DirectoryConfigurationException.class);

                // Then both binds count as refused credentials, and so does the look-up's search they stopped; the
                // health check's search never ran
                assertThat(count("bind", "refused-credentials")).isEqualTo(2);
                assertThat(count("search", "refused-credentials")).isEqualTo(1);
                assertThat(meters.find(LdapCallTimer.METER).tag("method", "search").timers()).hasSize(1);
                assertOnlyFixedWords();
            }
        }
    }

    @Test
    void shouldCountAnUnreachableServerAsUnreachable() throws Exception {
        // Given a port nothing listens on
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LdapProperties p = new LdapProperties("ldap://127.0.0.1:" + closedPort, LdapProperties.Dialect.OPENLDAP,
                InMemoryLdap.PEOPLE, InMemoryLdap.SERVICE_DN, InMemoryLdap.SERVICE_PASSWORD, false, true, "", 1,
                Duration.ofSeconds(1), Duration.ofSeconds(1),
                new LdapProperties.Retry(3, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(30)));
        try (LdapConnections connections = new LdapConnections(p, waitNot -> { }, meters)) {
            OpenLdapDirectory directory = new OpenLdapDirectory(connections);

            // When a look-up runs (three attempts) and the health check (one)
            assertThatThrownBy(() -> directory.findByUserName("alice")).isInstanceOf(DirectoryException.class);
            assertThatThrownBy(directory::checkReachable).isInstanceOf(DirectoryException.class);

            // Then each attempt counts as unreachable: the searches, and the health check's bind
            assertThat(count("search", "unreachable")).isEqualTo(3);
            assertThat(count("bind", "unreachable")).isEqualTo(1);
            assertOnlyFixedWords();
        }
    }

    private long count(String method, String outcome) {
        Timer timer = meters.find(LdapCallTimer.METER).tag("method", method).tag("outcome", outcome).timer();
        assertThat(timer).as(method + " " + outcome).isNotNull();
        return timer.count();
    }

    /** Tags name the operation and the outcome, fixed words: never a DN, a filter, a value. */
    private void assertOnlyFixedWords() {
        Set<String> words = Set.of("search", "bind", "extended", "modify", "success", "client-error",
                "refused-credentials", "busy", "server-error", "unreachable");
        for (Meter meter : meters.find(LdapCallTimer.METER).meters()) {
            assertThat(meter.getId().getTags()).extracting(Tag::getKey).containsExactlyInAnyOrder("method", "outcome");
            assertThat(meter.getId().getTags()).extracting(Tag::getValue).allMatch(words::contains);
        }
    }
}

package org.resetflow.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.PasswordWriteOutcomeUnknownException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The connection rules both dialects share, against UnboundID's in-memory server: TLS unless switched off on purpose,
 * the service password from the environment, the SCIM client's retries for reads, and at most one password write
 * unless it surely did not land.
 */
@ExtendWith(OutputCaptureExtension.class)
class LdapConnectionsTest {

    static final String NEW_PASSWORD = "Brand-New-Passw0rd";

    @Test
    void shouldRefusePlainLdapWithoutTheExplicitSwitch() throws LDAPException {
        try (InMemoryLdap ldap = new InMemoryLdap(null)) {
            LdapProperties plain = withAllowPlain(ldap.properties(1, Duration.ofSeconds(1)), false);

            // When an ldap:// URL without StartTLS is configured and plain LDAP is not switched on
            // Then the directory refuses to start, saying what to do
            assertThatThrownBy(() -> new LdapConnections(plain))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is plain LDAP: use ldaps://, or set resetflow.ldap.start-tls=true");
        }
    }

    @Test
    void shouldWarnWhenPlainLdapIsSwitchedOn(CapturedOutput output) throws LDAPException {
        try (InMemoryLdap ldap = new InMemoryLdap(null);
             LdapConnections connections = new LdapConnections(ldap.properties(1, Duration.ofSeconds(1)))) {
            // Then the start-up log warns about it
            assertThat(connections.encrypted()).isFalse();
            assertThat(output.getAll()).contains("WARN").contains("over plain LDAP (resetflow.ldap.allow-plain=true)");
        }
    }

    @Test
    void shouldRefuseActiveDirectoryOverPlainLdapEvenWithTheSwitch() throws LDAPException {
        try (InMemoryLdap ldap = new InMemoryLdap(null);
             LdapConnections plain = new LdapConnections(ldap.properties(1, Duration.ofSeconds(1)))) {
            // Then the Active Directory dialect refuses: AD takes unicodePwd over TLS only
            assertThatThrownBy(() -> new ActiveDirectory(plain))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Active Directory accepts over TLS only");
        }
    }

    @Test
    void shouldRefuseToStartWithoutTheServicePassword() throws LDAPException {
        try (InMemoryLdap ldap = new InMemoryLdap(null)) {
            LdapProperties p = ldap.properties(1, Duration.ofSeconds(1));
            LdapProperties noPassword = new LdapProperties(p.url(), p.dialect(), p.baseDn(), p.bindDn(), "",
                    p.startTls(), p.allowPlain(), p.caFile(), p.poolSize(), p.connectTimeout(), p.readTimeout(),
                    p.retry());

            // Then the message names the setting and where it comes from, never a value
            assertThatThrownBy(() -> new LdapConnections(noPassword))
                    .hasMessage("resetflow.ldap.url is set but resetflow.ldap.bind-password (from the environment: "
                            + "RESETFLOW_LDAP_BIND_PASSWORD) is not");
        }
    }

    @Test
    void shouldRetryALookUpWhileTheServerCannotBeReached() throws Exception {
        // Given a port nothing listens on
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LdapProperties p = new LdapProperties("ldap://127.0.0.1:" + closedPort, LdapProperties.Dialect.OPENLDAP,
                InMemoryLdap.PEOPLE, InMemoryLdap.SERVICE_DN, InMemoryLdap.SERVICE_PASSWORD, false, true, "", 1,
                Duration.ofSeconds(1), Duration.ofSeconds(1),
                new LdapProperties.Retry(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30)));
        List<Duration> waits = new ArrayList<>();
        try (LdapConnections connections = new LdapConnections(p, waits::add)) {
            // When a look-up runs
            // Then it is tried three times, backing off, and ends as a technical failure naming the server
            assertThatThrownBy(() -> new OpenLdapDirectory(connections).findByUserName("alice"))
                    .isInstanceOf(DirectoryException.class)
                    .hasMessage("LDAP directory 127.0.0.1:" + closedPort + " failed to look up an account: "
                            + "connect error (91) after 3 attempts");
            assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        }
    }

    @Test
    void shouldSendAPasswordWriteOnceWhenNoAnswerComes(CapturedOutput output) throws Exception {
        // Given a server that takes the password write and answers only after ResetFlow stopped waiting
        AtomicInteger writes = new AtomicInteger();
        InMemoryOperationInterceptor slow = new InMemoryOperationInterceptor() {
            @Override
            public void processExtendedRequest(InMemoryInterceptedExtendedRequest request) {
                writes.incrementAndGet();
                sleep(Duration.ofMillis(1500));
            }
        };
        try (InMemoryLdap ldap = new InMemoryLdap(slow, "alice");
             LdapConnections connections = new LdapConnections(ldap.properties(3, Duration.ofMillis(300)),
                     waitNot -> { })) {
            // When the password is set
            // Then the outcome is unknown, the write was sent once, and nothing names the password
            assertThatThrownBy(() -> new OpenLdapDirectory(connections).setPassword("uid=alice," + InMemoryLdap.PEOPLE,
                    NEW_PASSWORD))
                    .isInstanceOf(PasswordWriteOutcomeUnknownException.class)
                    .hasMessageContaining("gave no answer to set password")
                    .hasMessageNotContaining(NEW_PASSWORD);
            sleep(Duration.ofMillis(1500));
            assertThat(writes).hasValue(1);
            assertThat(output.getAll()).doesNotContain(NEW_PASSWORD).doesNotContain(InMemoryLdap.SERVICE_PASSWORD);
        }
    }

    @Test
    void shouldSendAPasswordWriteAgainOnlyWhenTheServerTurnedItAway() throws Exception {
        // Given a server that says "busy" to the first password write, without doing it
        AtomicInteger writes = new AtomicInteger();
        InMemoryOperationInterceptor busyOnce = new InMemoryOperationInterceptor() {
            @Override
            public void processExtendedRequest(InMemoryInterceptedExtendedRequest request) throws LDAPException {
                if (writes.incrementAndGet() == 1) {
                    throw new LDAPException(ResultCode.BUSY, "try again");
                }
            }
        };
        try (InMemoryLdap ldap = new InMemoryLdap(busyOnce, "alice");
             LdapConnections connections = new LdapConnections(ldap.properties(3, Duration.ofSeconds(2)),
                     waitNot -> { })) {
            // When the password is set
            new OpenLdapDirectory(connections).setPassword("uid=alice," + InMemoryLdap.PEOPLE, NEW_PASSWORD);

            // Then it was sent a second time, and is set
            assertThat(writes).hasValue(2);
            assertThat(ldap.server.bind("uid=alice," + InMemoryLdap.PEOPLE, NEW_PASSWORD).getResultCode())
                    .isEqualTo(ResultCode.SUCCESS);
        }
    }

    @Test
    void shouldNotTreatAnIdOutsideTheBaseDnAsAnAccount() throws LDAPException {
        try (InMemoryLdap ldap = new InMemoryLdap(null, "alice");
             LdapConnections connections = new LdapConnections(ldap.properties(1, Duration.ofSeconds(1)))) {
            OpenLdapDirectory directory = new OpenLdapDirectory(connections);

            // When a password write names the service account, outside the base DN, or no DN at all
            // Then there is no such account, and nothing is written
            assertThatThrownBy(() -> directory.setPassword(InMemoryLdap.SERVICE_DN, NEW_PASSWORD))
                    .isInstanceOf(org.resetflow.directory.AccountGoneException.class);
            assertThatThrownBy(() -> directory.setPassword("not a DN", NEW_PASSWORD))
                    .isInstanceOf(org.resetflow.directory.AccountGoneException.class);
        }
    }

    private static LdapProperties withAllowPlain(LdapProperties p, boolean allowPlain) {
        return new LdapProperties(p.url(), p.dialect(), p.baseDn(), p.bindDn(), p.bindPassword(), p.startTls(),
                allowPlain, p.caFile(), p.poolSize(), p.connectTimeout(), p.readTimeout(), p.retry());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.resetflow.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.DirectoryConfigurationException;
import org.resetflow.directory.PasswordRejectedByDirectoryException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The OpenLDAP dialect against Debian's slapd with the ppolicy overlay ({@code src/test/ldap/slapd.sh}), bound as a
 * service account that may read accounts and write passwords and lockouts, nothing else. Each test uses accounts of
 * its own, so the order does not matter.
 */
@ExtendWith(OutputCaptureExtension.class)
class OpenLdapDirectoryTest {

    static final String PEOPLE = "ou=people,dc=resetflow,dc=test";

    private static LdapTestServer server;
    private static LdapConnections connections;
    private static OpenLdapDirectory directory;

    @BeforeAll
    static void startServer() {
        server = LdapTestServer.openLdap();
        connections = new LdapConnections(properties(LdapTestServer.SERVICE_PASSWORD));
        directory = new OpenLdapDirectory(connections);
    }

    @AfterAll
    static void closeConnections() {
        if (connections != null) {
            connections.close();
        }
    }

    static LdapProperties properties(String bindPassword) {
        return new LdapProperties("ldap://127.0.0.1:" + server.port, LdapProperties.Dialect.OPENLDAP, PEOPLE,
                "cn=resetflow,ou=services,dc=resetflow,dc=test", bindPassword, false, true, "", 2,
                Duration.ofSeconds(3), Duration.ofSeconds(5), new LdapProperties.Retry(2, Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofSeconds(2)));
    }

    @Test
    void shouldFindAnAccountByUidAndByMail() {
        // When alice is looked up by her uid and by her address
        List<DirectoryAccount> byUid = directory.findByUserName("alice");
        List<DirectoryAccount> byMail = directory.findByEmail("alice@resetflow.test");

        // Then both find the one account, active, unlocked, with its address and name
        assertThat(byUid).singleElement().satisfies(account -> {
            assertThat(account.id()).isEqualTo("uid=alice," + PEOPLE);
            assertThat(account.userName()).isEqualTo("alice");
            assertThat(account.email()).isEqualTo("alice@resetflow.test");
            assertThat(account.displayName()).isEqualTo("Alice Adams");
            assertThat(account.active()).isTrue();
            assertThat(account.locked()).isFalse();
        });
        assertThat(byMail).isEqualTo(byUid);
        assertThat(directory.findByUserName("nobody")).isEmpty();
    }

    @Test
    void shouldLookUpAFloodInBatchesWithTheResultsOfOneByOne() {
        // Given a flood of 100 identifiers: known, disabled, locked out, unknown, addresses, case, a second uid, an
        // address two accounts answer to, non-ASCII, and hostile input
        List<String> named = new ArrayList<>(List.of("alice", "bob@resetflow.test", "ALICE", "Frank",
                "grace@RESETFLOW.test", "carol", "dave@resetflow.test", "henry.hill", "henry@resetflow.test",
                "team@resetflow.test", "ida@resetflow.test", "ida", "jürgen", "JÜRGEN", "juergen@resetflow.test",
                "alice  "));
        named.addAll(LookUpFlood.HOSTILE);
        List<String> identifiers = LookUpFlood.of(named);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (LdapConnections counted = new LdapConnections(properties(LdapTestServer.SERVICE_PASSWORD), meters)) {

            // When slapd gets it one by one, and then in batches
            LookUpFlood flood = LookUpFlood.run(new OpenLdapDirectory(counted),
                    LookUpFlood.searchesMetered(meters), identifiers);

            // Then every identifier gets the same result both ways, and the results are of every kind
            assertThat(flood.batched()).isEqualTo(flood.oneByOne());
            assertThat(flood.reasons()).contains("eligible", "no-match", "ambiguous", "inactive");
            assertThat(flood.reasons().get(identifiers.indexOf("henry.hill"))).isEqualTo("eligible");
            assertThat(flood.reasons().get(identifiers.indexOf("team@resetflow.test"))).isEqualTo("ambiguous");
            assertThat(flood.reasons().get(identifiers.indexOf("ida@resetflow.test"))).isEqualTo("ambiguous");
            assertThat(flood.reasons().get(identifiers.indexOf("JÜRGEN"))).isEqualTo("eligible");

            // And 100 identifiers cost slapd 141 searches one by one (one more for each of the 44 with an @, none for
            // the two with a NUL), 2 in batches
            assertThat(flood.searchesOneByOne()).isEqualTo(flood.expectedOneByOne()).isEqualTo(141);
            assertThat(flood.searchesBatched()).isEqualTo(2);
        }
    }

    @Test
    void shouldSetThePasswordWithPasswordModify() throws LDAPException {
        // Given grace's account
        String grace = directory.findByUserName("grace").get(0).id();

        // When ResetFlow sets her new password
        directory.setPassword(grace, "Grace-New-Passw0rd");

        // Then she binds with it, and no longer with the old one
        assertThat(binds(grace, "Grace-New-Passw0rd")).isEqualTo(ResultCode.SUCCESS);
        assertThat(binds(grace, LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.INVALID_CREDENTIALS);
    }

    @Test
    void shouldShowThePolicysReasonsForARefusedPassword(CapturedOutput output) {
        String frank = "uid=frank," + PEOPLE;
        String erin = "uid=erin," + PEOPLE;

        // When passwords the ppolicy overlay refuses are set: too short, the current one, and one for an account whose
        // policy has a minimum age and whose password was changed just now
        // Then each refusal carries the policy's reason
        assertThatThrownBy(() -> directory.setPassword(frank, "Sh0rt!"))
                .isInstanceOf(PasswordRejectedByDirectoryException.class)
                .extracting(e -> ((PasswordRejectedByDirectoryException) e).reason())
                .isEqualTo("The password is too short for the directory's password policy.");
        assertThatThrownBy(() -> directory.setPassword(frank, LdapTestServer.INITIAL_PASSWORD))
                .isInstanceOf(PasswordRejectedByDirectoryException.class)
                .extracting(e -> ((PasswordRejectedByDirectoryException) e).reason())
                .isEqualTo("The directory's password policy does not allow a password used before.");
        assertThatThrownBy(() -> directory.setPassword(erin, "Erin-New-Passw0rd"))
                .isInstanceOf(PasswordRejectedByDirectoryException.class)
                .extracting(e -> ((PasswordRejectedByDirectoryException) e).reason())
                .isEqualTo("The password was changed too recently; the directory's policy asks to wait before "
                        + "changing it again.");

        // And no password reached the log
        assertThat(output.getAll()).doesNotContain("Sh0rt!", LdapTestServer.INITIAL_PASSWORD, "Erin-New-Passw0rd",
                LdapTestServer.SERVICE_PASSWORD);
    }

    @Test
    void shouldFindAnAdministrativelyLockedAccountInactive() {
        // When carol, locked by an administrator (ppolicy's 000001010000Z), is looked up
        DirectoryAccount carol = directory.findByUserName("carol").get(0);

        // Then she is inactive (no reset link), and not merely locked out (no unlock either)
        assertThat(carol.active()).isFalse();
        assertThat(carol.locked()).isFalse();
    }

    @Test
    void shouldUnlockALockedOutAccountAndKeepItsPassword() throws LDAPException {
        // Given dave, locked out after wrong passwords, who cannot bind even with his right password
        DirectoryAccount dave = directory.findByUserName("dave").get(0);
        assertThat(dave.locked()).isTrue();
        assertThat(dave.active()).isTrue();
        assertThat(binds(dave.id(), LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.INVALID_CREDENTIALS);

        // When ResetFlow unlocks him
        directory.unlock(dave.id());

        // Then he is no longer locked, and binds with the password he always had
        assertThat(directory.readAccount(dave.id()).locked()).isFalse();
        assertThat(binds(dave.id(), LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.SUCCESS);
    }

    @Test
    void shouldNotReEnableADisabledAccountWhenAskedToUnlockIt() {
        // When carol, disabled, is "unlocked"
        directory.unlock("uid=carol," + PEOPLE);

        // Then she is still inactive: an unlock is not an enable
        assertThat(directory.readAccount("uid=carol," + PEOPLE).active()).isFalse();
    }

    @Test
    void shouldDisableAndReEnableAnAccountForTheHelpdesk() throws LDAPException {
        String alice = "uid=alice," + PEOPLE;

        // When the helpdesk disables alice
        directory.setActive(alice, false);

        // Then she is inactive and cannot bind
        assertThat(directory.readAccount(alice).active()).isFalse();
        assertThat(binds(alice, LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.INVALID_CREDENTIALS);

        // And when re-enabled she is active again and binds
        directory.setActive(alice, true);
        assertThat(directory.readAccount(alice).active()).isTrue();
        assertThat(binds(alice, LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.SUCCESS);
    }

    @Test
    void shouldLetTheServerGenerateAPassword() throws LDAPException {
        // Given bob's account
        String bob = "uid=bob," + PEOPLE;
        assertThat(directory.generatesPasswords()).isTrue();

        // When the helpdesk's generate action asks the server for a password (Password Modify without a new one)
        String generated = directory.resetToGeneratedPassword(bob);

        // Then bob binds with the generated password
        assertThat(generated).isNotBlank().isNotEqualTo(LdapTestServer.INITIAL_PASSWORD);
        assertThat(binds(bob, generated)).isEqualTo(ResultCode.SUCCESS);
    }

    @Test
    void shouldBeHealthyWhenItBindsAndSearchesAndNotWithAWrongServicePassword() {
        // Then the health check binds and searches
        directory.checkReachable();

        // And with a wrong service password it says the credentials are refused
        try (LdapConnections wrong = new LdapConnections(properties("not-the-service-password"))) {
            assertThatThrownBy(() -> new OpenLdapDirectory(wrong).checkReachable())
                    .isInstanceOf(DirectoryConfigurationException.class)
                    .hasMessageContaining("refused ResetFlow's service account")
                    .hasMessageNotContaining("not-the-service-password");
            assertThatThrownBy(() -> new OpenLdapDirectory(wrong).findByUserName("alice"))
                    .isInstanceOf(DirectoryConfigurationException.class);
        }
    }

    private static ResultCode binds(String dn, String password) throws LDAPException {
        try (LDAPConnection connection = new LDAPConnection("127.0.0.1", server.port)) {
            return connection.bind(dn, password).getResultCode();
        } catch (LDAPException e) {
            return e.getResultCode();
        }
    }
}

package org.resetflow.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import java.io.File;
import java.security.GeneralSecurityException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.PasswordRejectedByDirectoryException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The Active Directory dialect against a Samba AD domain controller ({@code src/test/ldap/samba-ad.sh}) over LDAPS,
 * its certificate checked against the test CA, bound as a service account in Account Operators. Each test uses
 * accounts of its own, so the order does not matter.
 */
@ExtendWith(OutputCaptureExtension.class)
class ActiveDirectoryTest {

    static final String USERS = "CN=Users,DC=resetflow,DC=test";

    private static LdapTestServer server;
    private static LdapConnections connections;
    private static ActiveDirectory directory;

    @BeforeAll
    static void startServer() {
        server = LdapTestServer.sambaAd();
        connections = new LdapConnections(properties("ldaps://127.0.0.1:636", false));
        directory = new ActiveDirectory(connections);
    }

    @AfterAll
    static void closeConnections() {
        if (connections != null) {
            connections.close();
        }
    }

    static LdapProperties properties(String url, boolean startTls) {
        return new LdapProperties(url, LdapProperties.Dialect.ACTIVE_DIRECTORY, USERS,
                "CN=resetflow-svc," + USERS, LdapTestServer.SERVICE_PASSWORD, startTls, false, server.caFile(), 2,
                Duration.ofSeconds(3), Duration.ofSeconds(10), new LdapProperties.Retry(2, Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofSeconds(2)));
    }

    @Test
    void shouldFindAnAccountBySamAccountNameUserPrincipalNameAndMail() {
        // When bob is looked up by each of his names
        List<DirectoryAccount> bySam = directory.findByUserName("bob");
        List<DirectoryAccount> byUpn = directory.findByUserName("bob@resetflow.test");
        List<DirectoryAccount> byMail = directory.findByEmail("bob@resetflow.test");

        // Then each finds the one account, active, unlocked, with the group that makes it privileged
        assertThat(bySam).singleElement().satisfies(account -> {
            assertThat(account.id()).isEqualTo("CN=bob," + USERS);
            assertThat(account.userName()).isEqualTo("bob");
            assertThat(account.email()).isEqualTo("bob@resetflow.test");
            assertThat(account.active()).isTrue();
            assertThat(account.locked()).isFalse();
            assertThat(account.groups()).containsExactly("privileged");
        });
        assertThat(byUpn).isEqualTo(bySam);
        assertThat(byMail).isEqualTo(bySam);
        assertThat(directory.findByUserName("nobody")).isEmpty();
    }

    @Test
    void shouldSetThePasswordAsUnicodePwdOverLdaps() throws Exception {
        // When ResetFlow sets alice's new password
        directory.setPassword("CN=alice," + USERS, "Alice-New-Passw0rd");

        // Then she binds with it (Samba, like AD, still takes the previous password for a while after a reset, so
        // that is no test of the write)
        assertThat(binds("alice@resetflow.test", "Alice-New-Passw0rd")).isEqualTo(ResultCode.SUCCESS);
        assertThat(binds("alice@resetflow.test", "Not-Her-Passw0rd")).isEqualTo(ResultCode.INVALID_CREDENTIALS);
    }

    @Test
    void shouldSetThePasswordOverStartTls() throws Exception {
        // Given a connection that starts plain and is upgraded with StartTLS before the bind
        try (LdapConnections startTls = new LdapConnections(properties("ldap://127.0.0.1:389", true))) {
            // When a password is set through it
            new ActiveDirectory(startTls).setPassword("CN=erin," + USERS, "Erin-New-Passw0rd1");
        }

        // Then it is set
        assertThat(binds("erin@resetflow.test", "Erin-New-Passw0rd1")).isEqualTo(ResultCode.SUCCESS);
    }

    @Test
    void shouldShowTheDomainsReasonForARefusedPassword(CapturedOutput output) {
        // When a password shorter than the domain's minimum is set (0000052D, constraint violation)
        // Then the refusal carries Samba's reason, readable
        assertThatThrownBy(() -> directory.setPassword("CN=bob," + USERS, "Sh0rt!"))
                .isInstanceOf(PasswordRejectedByDirectoryException.class)
                .extracting(e -> ((PasswordRejectedByDirectoryException) e).reason())
                .asString().startsWith("The password is too short");

        // And no password reached the log
        assertThat(output.getAll()).doesNotContain("Sh0rt!", LdapTestServer.SERVICE_PASSWORD);
    }

    @Test
    void shouldFindADisabledAccountInactive() {
        // When carol, whose userAccountControl has ACCOUNTDISABLE, is looked up
        DirectoryAccount carol = directory.findByUserName("carol").get(0);

        // Then she is inactive
        assertThat(carol.active()).isFalse();
    }

    @Test
    void shouldUnlockALockedOutAccountAndKeepItsPassword() throws Exception {
        // Given a new account, locked out by three wrong passwords
        String frank = "CN=frank," + USERS;
        createUser("frank");
        for (int i = 0; i < 3; i++) {
            assertThat(binds("frank@resetflow.test", "wrong-" + i)).isEqualTo(ResultCode.INVALID_CREDENTIALS);
        }
        assertThat(directory.readAccount(frank).locked()).isTrue();
        assertThat(binds("frank@resetflow.test", LdapTestServer.INITIAL_PASSWORD))
                .isEqualTo(ResultCode.INVALID_CREDENTIALS);

        // When ResetFlow unlocks it
        directory.unlock(frank);

        // Then it is no longer locked, and binds with the password it always had
        assertThat(directory.readAccount(frank).locked()).isFalse();
        assertThat(binds("frank@resetflow.test", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.SUCCESS);
    }

    @Test
    void shouldDisableAndReEnableAnAccountForTheHelpdesk() throws Exception {
        String grace = "CN=grace," + USERS;
        createUser("grace");

        // When the helpdesk disables grace
        directory.setActive(grace, false);

        // Then she is inactive and cannot bind; re-enabled, she is active and binds again
        assertThat(directory.readAccount(grace).active()).isFalse();
        assertThat(binds("grace@resetflow.test", LdapTestServer.INITIAL_PASSWORD)).isNotEqualTo(ResultCode.SUCCESS);
        directory.setActive(grace, true);
        assertThat(directory.readAccount(grace).active()).isTrue();
        assertThat(binds("grace@resetflow.test", LdapTestServer.INITIAL_PASSWORD)).isEqualTo(ResultCode.SUCCESS);
    }

    @Test
    void shouldLookUpAFloodInBatchesWithTheResultsOfOneByOne() throws Exception {
        // Given accounts for the batch: henry (his UPN is not his sAMAccountName) and ivy share an address, ida's
        // address is another account's UPN (not one a sAMAccountName implies: Samba refuses those as taken),
        // jürgen's name is not ASCII
        createUser("henry", "henry", "henry.hill@corp.test", "team@resetflow.test");
        createUser("ivy", "ivy", "ivy@resetflow.test", "team@resetflow.test");
        createUser("ida", "ida", "ida.irving@corp.test", "ida.irving@resetflow.test");
        createUser("ida-alias", "idalias", "ida.irving@resetflow.test", "alias@resetflow.test");
        createUser("jürgen", "jürgen", "juergen@corp.test", "juergen@resetflow.test");
        // and a flood of 100 identifiers: known, disabled, unknown, user names, UPNs, addresses, case, ambiguity,
        // non-ASCII and hostile input
        List<String> named = new ArrayList<>(List.of("alice", "bob@resetflow.test", "ALICE", "Bob", "carol",
                "alice@RESETFLOW.test", "henry", "henry.hill@corp.test", "HENRY.HILL@CORP.TEST", "team@resetflow.test",
                "ivy", "ida", "ida.irving@resetflow.test", "ida.irving@corp.test", "idalias", "jürgen", "JÜRGEN",
                "juergen@corp.test", "juergen@resetflow.test", "alice  "));
        named.addAll(LookUpFlood.HOSTILE);
        List<String> identifiers = LookUpFlood.of(named);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (LdapConnections counted = new LdapConnections(properties("ldaps://127.0.0.1:636", false), meters)) {

            // When Samba gets it one by one, and then in batches
            LookUpFlood flood = LookUpFlood.run(new ActiveDirectory(counted), LookUpFlood.searchesMetered(meters),
                    identifiers);

            // Then every identifier gets the same result both ways, and the results are of every kind
            assertThat(flood.batched()).isEqualTo(flood.oneByOne());
            assertThat(flood.reasons()).contains("eligible", "no-match", "ambiguous", "inactive");
            assertThat(flood.reasons().get(identifiers.indexOf("HENRY.HILL@CORP.TEST"))).isNotEqualTo("no-match");
            assertThat(flood.reasons().get(identifiers.indexOf("team@resetflow.test"))).isEqualTo("ambiguous");
            assertThat(flood.reasons().get(identifiers.indexOf("ida.irving@resetflow.test"))).isEqualTo("ambiguous");
            assertThat(flood.reasons().get(identifiers.indexOf("jürgen"))).isNotEqualTo("no-match");

            // And 100 identifiers cost Samba 141 searches one by one (one more for each of the 44 with an @, none for
            // the two with a NUL), 2 in batches
            assertThat(flood.searchesOneByOne()).isEqualTo(flood.expectedOneByOne()).isEqualTo(141);
            assertThat(flood.searchesBatched()).isEqualTo(2);
        }
    }

    /**
     * An account made as the service account, without a password: AD keeps it disabled. Made once per server: one
     * that is there already stays, but a refusal of a new one (Samba answers a taken UPN as "already exists") fails.
     */
    private static void createUser(String cn, String samAccountName, String userPrincipalName, String mail)
            throws Exception {
        com.unboundid.ldap.sdk.DN dn = new com.unboundid.ldap.sdk.DN(new com.unboundid.ldap.sdk.RDN("CN", cn),
                new com.unboundid.ldap.sdk.DN(USERS));
        try (LDAPConnection connection = ldaps()) {
            connection.bind("CN=resetflow-svc," + USERS, LdapTestServer.SERVICE_PASSWORD);
            if (connection.getEntry(dn.toString()) != null) {
                return;
            }
            connection.add(new com.unboundid.ldap.sdk.Entry(dn,
                    new com.unboundid.ldap.sdk.Attribute("objectClass", "user"),
                    new com.unboundid.ldap.sdk.Attribute("sAMAccountName", samAccountName),
                    new com.unboundid.ldap.sdk.Attribute("userPrincipalName", userPrincipalName),
                    new com.unboundid.ldap.sdk.Attribute("mail", mail)));
        }
    }

    @Test
    void shouldNotOfferGeneratedPasswords() {
        // AD has no operation that generates a password
        assertThat(directory.generatesPasswords()).isFalse();
    }

    @Test
    void shouldBeHealthyWhenItBindsAndSearches() {
        directory.checkReachable();
    }

    /** A fresh account with the initial password, made as the service account (an Account Operator may). */
    private static void createUser(String name) throws Exception {
        try (LDAPConnection connection = ldaps()) {
            connection.bind("CN=resetflow-svc," + USERS, LdapTestServer.SERVICE_PASSWORD);
            connection.add("CN=" + name + "," + USERS,
                    new com.unboundid.ldap.sdk.Attribute("objectClass", "user"),
                    new com.unboundid.ldap.sdk.Attribute("sAMAccountName", name),
                    new com.unboundid.ldap.sdk.Attribute("userPrincipalName", name + "@resetflow.test"),
                    new com.unboundid.ldap.sdk.Attribute("mail", name + "@resetflow.test"),
                    new com.unboundid.ldap.sdk.Attribute("unicodePwd",
                            ActiveDirectory.unicodePwd(LdapTestServer.INITIAL_PASSWORD)),
                    new com.unboundid.ldap.sdk.Attribute("userAccountControl", "512"));
        }
    }

    private static ResultCode binds(String user, String password) throws Exception {
        try (LDAPConnection connection = ldaps()) {
            return connection.bind(user, password).getResultCode();
        } catch (LDAPException e) {
            return e.getResultCode();
        }
    }

    private static LDAPConnection ldaps() throws LDAPException, GeneralSecurityException {
        SSLUtil ssl = new SSLUtil(new PEMFileTrustManager(new File(server.caFile())));
        return new LDAPConnection(ssl.createSSLSocketFactory(), "127.0.0.1", 636);
    }
}

package org.resetflow.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.directory.DirectoryAccount;

/**
 * What a requester types never changes a filter's shape (RFC 4515): every value reaches the server escaped, so it
 * matches an account whose name is exactly that text, or nothing. Seen from the server's side.
 */
class LdapFilterEscapingTest {

    /** Names that would widen or break a filter written by string concatenation. */
    static final String STAR_INJECTION = "*)(uid=*";
    static final String OR_INJECTION = "alice)(|(uid=*";
    static final String BACKSLASH = "back\\slash";
    static final String PARENTHESES = "paren(the)sis";
    static final String NON_ASCII = "jürgen-ßøé-日本";

    private final List<String> filtersSeen = new CopyOnWriteArrayList<>();
    private InMemoryLdap ldap;
    private LdapConnections connections;
    private OpenLdapDirectory directory;

    @BeforeEach
    void start() throws LDAPException {
        ldap = new InMemoryLdap(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                filtersSeen.add(request.getRequest().getFilter().toString());
            }
        }, "alice", STAR_INJECTION, BACKSLASH, PARENTHESES, NON_ASCII);
        connections = new LdapConnections(ldap.properties(1, Duration.ofSeconds(5)));
        directory = new OpenLdapDirectory(connections);
    }

    @AfterEach
    void stop() {
        connections.close();
        ldap.close();
    }

    @Test
    void shouldMatchHostileNamesOnlyLiterally() {
        // When names that would be wildcards or extra filter terms are looked up
        // Then each finds only the account with exactly that name, or none
        assertThat(userNames(directory.findByUserName("*"))).isEmpty();
        assertThat(userNames(directory.findByUserName(STAR_INJECTION))).containsExactly(STAR_INJECTION);
        assertThat(userNames(directory.findByUserName(OR_INJECTION))).isEmpty();
        assertThat(userNames(directory.findByUserName(BACKSLASH))).containsExactly(BACKSLASH);
        assertThat(userNames(directory.findByUserName(PARENTHESES))).containsExactly(PARENTHESES);
        assertThat(userNames(directory.findByUserName(NON_ASCII))).containsExactly(NON_ASCII);
        assertThat(userNames(directory.findByUserName("alice\u0000"))).isEmpty();
        assertThat(userNames(directory.findByEmail("*@resetflow.test"))).isEmpty();
    }

    @Test
    void shouldSendEveryValueEscaped() {
        // When the hostile names are looked up
        directory.findByUserName(STAR_INJECTION);
        directory.findByUserName(OR_INJECTION);
        directory.findByUserName(BACKSLASH);
        directory.findByEmail("*)(mail=*");

        // Then the server received each as one escaped equality value (RFC 4515 §3)
        assertThat(filtersSeen).containsExactly(
                "(uid=\\2a\\29\\28uid=\\2a)",
                "(uid=alice\\29\\28|\\28uid=\\2a)",
                "(uid=back\\5cslash)",
                "(mail=\\2a\\29\\28mail=\\2a)");
    }

    @Test
    void shouldNeverSendAValueWithANul() {
        // When names with a NUL are looked up (Samba cuts a value at its NUL: "alice" and a NUL find alice there)
        assertThat(directory.findByUserName("alice\u0000")).isEmpty();
        assertThat(directory.findByEmail("alice\u0000@resetflow.test")).isEmpty();

        // Then none reached the server: no account's name has a NUL
        assertThat(filtersSeen).isEmpty();

        // And a batch of them is answered without a search, with no account
        assertThat(directory.findAny(List.of("alice\u0000", "alice\u0000@resetflow.test"))).hasValue(List.of());
        assertThat(filtersSeen).isEmpty();
    }

    @Test
    void shouldEscapeTheActiveDirectoryFiltersToo() {
        // Given the Active Directory dialect (its server is Samba, in ActiveDirectoryTest; a filter needs none, and
        // no connection is made before the first call)
        LdapProperties plain = ldap.properties(1, Duration.ofSeconds(5));
        try (LdapConnections ldaps = new LdapConnections(new LdapProperties("ldaps://127.0.0.1:1",
                LdapProperties.Dialect.ACTIVE_DIRECTORY, plain.baseDn(), plain.bindDn(), plain.bindPassword(), false,
                false, "", 1, plain.connectTimeout(), plain.readTimeout(), plain.retry()))) {
            ActiveDirectory activeDirectory = new ActiveDirectory(ldaps);

            // When a hostile name goes into its filters
            // Then it stays one value in each equality term
            assertThat(activeDirectory.userNameFilter(STAR_INJECTION).toString()).isEqualTo(
                    "(&(objectClass=user)(!(objectClass=computer))"
                    + "(|(sAMAccountName=\\2a\\29\\28uid=\\2a)(userPrincipalName=\\2a\\29\\28uid=\\2a)))");
            assertThat(activeDirectory.emailFilter("*)(mail=*").toString()).isEqualTo(
                    "(&(objectClass=user)(!(objectClass=computer))(mail=\\2a\\29\\28mail=\\2a))");
        }
    }

    private static List<String> userNames(List<DirectoryAccount> accounts) {
        return accounts.stream().map(DirectoryAccount::userName).toList();
    }
}

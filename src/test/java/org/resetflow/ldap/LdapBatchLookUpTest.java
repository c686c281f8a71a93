package org.resetflow.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.directory.AccountLookup;
import org.resetflow.directory.FoundAccount;

/**
 * Batched look-ups in the OpenLDAP dialect against UnboundID's in-memory server, seen from the server's side: one
 * search with an {@code or} of the single look-ups' escaped equality filters per batch, the results matched to the
 * identifiers as one search per identifier would find them, and a batch the server refuses handed back to be halved.
 */
class LdapBatchLookUpTest {

    /** Searches the server received: filter and size limit. */
    private final List<SearchSeen> searches = new CopyOnWriteArrayList<>();
    /** What the server answers to an {@code or} of more than four terms, if anything but the search itself. */
    private final AtomicReference<ResultCode> refuseLargeOrs = new AtomicReference<>();
    private InMemoryLdap ldap;
    private LdapConnections connections;
    private OpenLdapDirectory directory;

    record SearchSeen(String filter, int sizeLimit) {
    }

    @BeforeEach
    void start() throws LDAPException {
        ldap = new InMemoryLdap(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
                Filter filter = request.getRequest().getFilter();
                searches.add(new SearchSeen(filter.toString(), request.getRequest().getSizeLimit()));
                ResultCode refusal = refuseLargeOrs.get();
                if (refusal != null && filter.getFilterType() == Filter.FILTER_TYPE_OR
                        && filter.getComponents().length > 4) {
                    throw new LDAPException(refusal, "not like this");
                }
            }
        }, "alice", "bob", "frank", "grace", LdapFilterEscapingTest.STAR_INJECTION, LdapFilterEscapingTest.BACKSLASH,
                LdapFilterEscapingTest.PARENTHESES, LdapFilterEscapingTest.NON_ASCII);
        // henry has two uids and two addresses, the second shared with ida: team@ is ambiguous
        person("henry", List.of("henry", "henry.hill"), List.of("henry@resetflow.test", "team@resetflow.test"));
        person("ida", List.of("ida"), List.of("ida@resetflow.test", "team@resetflow.test"));
        // a user name that is someone else's address: ida's address names two accounts
        person("ida-alias", List.of("ida@resetflow.test"), List.of("other@resetflow.test"));
        // an account without an address, and five sharing one (more than a look-up's size limit)
        person("nomail", List.of("nomail"), List.of());
        for (int i = 1; i <= 5; i++) {
            person("crowd" + i, List.of("crowd" + i), List.of("crowd" + i + "@resetflow.test", "all@resetflow.test"));
        }
        connections = new LdapConnections(ldap.properties(1, Duration.ofSeconds(5)));
        directory = new OpenLdapDirectory(connections);
    }

    @AfterEach
    void stop() {
        connections.close();
        ldap.close();
    }

    private void person(String rdn, List<String> uids, List<String> mails) throws LDAPException {
        List<Attribute> attributes = new ArrayList<>(List.of(new Attribute("objectClass", "inetOrgPerson"),
                new Attribute("uid", uids), new Attribute("cn", rdn), new Attribute("sn", rdn)));
        if (!mails.isEmpty()) {
            attributes.add(new Attribute("mail", mails));
        }
        ldap.server.add(new Entry(new DN(new RDN("cn", rdn), new DN(InMemoryLdap.PEOPLE)), attributes));
    }

    /** The flood's own part: known, unknown, addresses, case, ambiguity, a second uid, no address, hostile input. */
    static List<String> named() {
        List<String> named = new ArrayList<>(List.of("alice", "bob@resetflow.test", "ALICE", "Frank",
                "grace@RESETFLOW.test", "henry.hill", "henry@resetflow.test", "team@resetflow.test",
                "ida@resetflow.test", "ida", "nomail", "all@resetflow.test", "crowd3", "crowd4@resetflow.test",
                "other@resetflow.test", LdapFilterEscapingTest.STAR_INJECTION, LdapFilterEscapingTest.BACKSLASH,
                LdapFilterEscapingTest.PARENTHESES, LdapFilterEscapingTest.NON_ASCII, "alice  ", "bob", "bob"));
        named.addAll(LookUpFlood.HOSTILE);
        return named;
    }

    @Test
    void shouldFindInBatchesWhatOneByOneFinds() {
        // Given a flood of 100 identifiers (one named twice), of every kind a look-up meets
        List<String> identifiers = new ArrayList<>(LookUpFlood.of(named()));
        identifiers.add("bob");

        // When it is looked up one by one, and then in batches
        LookUpFlood flood = LookUpFlood.run(directory, searches::size, identifiers);

        // Then the batches give every identifier the result one by one gives it, of every kind
        assertThat(flood.batched()).isEqualTo(flood.oneByOne());
        assertThat(flood.reasons()).contains("eligible", "no-match", "ambiguous", "no-email");
        assertThat(flood.reasons().get(identifiers.indexOf("henry.hill"))).isEqualTo("eligible");
        assertThat(flood.reasons().get(identifiers.indexOf("ida@resetflow.test"))).isEqualTo("ambiguous");
        assertThat(flood.reasons().get(identifiers.indexOf("alıce"))).isEqualTo("no-match");

        // And the server saw 143 searches one by one (one per identifier, one more for each of the 45 with an @,
        // none for the two with a NUL), 2 in batches (the 100 distinct identifiers in batches of 50)
        assertThat(flood.searchesOneByOne()).isEqualTo(flood.expectedOneByOne()).isEqualTo(143);
        assertThat(flood.searchesBatched()).isEqualTo(2);
    }

    @Test
    void shouldSendTheSingleLookUpsEscapedFiltersInOneSearch() {
        // When a batch with a filter injection, a user name and an address is searched
        Optional<List<FoundAccount>> found = directory.findAny(List.of(LdapFilterEscapingTest.STAR_INJECTION,
                "alice", "bob@resetflow.test"));

        // Then the server got one search: each value escaped as the single look-ups send it, joined by or, asking
        // for at most two entries per single search it stands for (four)
        assertThat(searches).containsExactly(new SearchSeen("(|(uid=\\2a\\29\\28uid=\\2a)(uid=alice)"
                + "(uid=bob@resetflow.test)(mail=bob@resetflow.test))", 8));
        // And it found the injection's own account, alice and bob, nothing more
        assertThat(found).hasValueSatisfying(accounts -> assertThat(accounts).extracting(a -> a.account().userName())
                .containsExactlyInAnyOrder(LdapFilterEscapingTest.STAR_INJECTION, "alice", "bob"));
    }

    @Test
    void shouldCutAFloodIntoBatchesOfAtMostMaxBatch() {
        // Given 120 identifiers, and the default resetflow.ldap.search.max-batch of 50
        List<String> identifiers = IntStream.range(0, 120).mapToObj(i -> "user" + i).toList();

        // When they are cut into batches
        List<List<String>> batches = directory.searchBatches(identifiers);

        // Then there are three, in order
        assertThat(batches).extracting(List::size).containsExactly(50, 50, 20);
        assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(identifiers);
    }

    @Test
    void shouldHandBackABatchThatHitsItsSizeLimit() {
        // When five accounts answer one address: more than the two a single search asks for
        Optional<List<FoundAccount>> found = directory.findAny(List.of("all@resetflow.test"));

        // Then the server said "size limit exceeded" and the batch is not served, so the caller looks it up alone
        assertThat(found).isEmpty();
        assertThat(searches).singleElement().extracting(SearchSeen::sizeLimit).isEqualTo(4);
        assertThat(new AccountLookup(directory).lookUpAll(List.of("all@resetflow.test", "alice")))
                .extracting(AccountLookup.Result::ineligibleReason).containsExactly("ambiguous", null);
    }

    @Test
    void shouldHalveBatchesTheServerRefusesAndStillFindWhatOneByOneFinds() {
        for (ResultCode refusal : List.of(ResultCode.ADMIN_LIMIT_EXCEEDED, ResultCode.UNWILLING_TO_PERFORM,
                ResultCode.SIZE_LIMIT_EXCEEDED, ResultCode.TIME_LIMIT_EXCEEDED)) {
            // Given a server that refuses an or of more than four terms this way
            refuseLargeOrs.set(refusal);
            searches.clear();

            // When a batch of eight user names is searched
            List<String> eight = List.of("alice", "bob", "frank", "grace", "ghost1", "ghost2", "henry.hill", "ida");
            assertThat(directory.findAny(eight)).as(refusal.getName()).isEmpty();

            // Then a flood still gets the results one by one gives it, in halves the server takes
            LookUpFlood flood = LookUpFlood.run(directory, searches::size, LookUpFlood.of(named()));
            assertThat(flood.batched()).as(refusal.getName()).isEqualTo(flood.oneByOne());
            assertThat(flood.searchesBatched()).as(refusal.getName()).isLessThan(flood.searchesOneByOne());
        }
    }
}

package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.AccountLookup;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A flood of 100 identifiers against SCIMMY, a SCIM server we did not write: looked up as a batch, they cost a few
 * directory requests where one by one they cost one or two each, and every identifier gets exactly the result it gets
 * on its own. Skipped without Node.js, except when {@code CI=true}.
 *
 * <p>SCIMMY 1.3.5 compares {@code eq} case-exactly, although RFC 7643 makes {@code userName} and
 * {@code emails.value} caseExact=false; the batch matches as SCIM says. So the identifiers here differ from every
 * account's names in more than case, and the demo directory's tests (which compare as SCIM says) cover case.
 */
class LookUpAllScimmyTest {

    private static final String TOKEN = "look-up-all-test-token";

    private static ScimmyServer server;

    @BeforeAll
    static void start() {
        server = ScimmyServer.start(TOKEN, seed());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldLookUpAFloodInFewRequestsWithTheResultsOfOneByOne(ScimProperties.Dialect dialect) {
        if (dialect == ScimProperties.Dialect.PING) {
            // Ping's account-state sub-resource is not SCIM: SCIMMY has none, the Ping demo covers it.
            return;
        }
        // Given SCIMMY with 67 accounts, and a flood of 100 identifiers: known user names, e-mails and UPNs,
        // ambiguous ones, inactive and address-less accounts, filter injections, a repeat, and mostly unknown ones
        List<String> flood = flood();
        assertThat(flood).hasSize(100);
        long withAt = flood.stream().filter(identifier -> identifier.contains("@")).count();

        // When they are looked up one by one
        AccountLookup oneByOne = new AccountLookup(directory(dialect));
        int before = server.requests().size();
        List<AccountLookup.Result> expected = flood.stream().map(oneByOne::lookUp).toList();
        int oneByOneRequests = server.requests().size() - before;

        // and as one batch
        AccountLookup batched = new AccountLookup(directory(dialect));
        before = server.requests().size();
        List<AccountLookup.Result> results = batched.lookUpAll(flood);
        int batchRequests = server.requests().size() - before;

        // Then every identifier has the result it has on its own, in the order given
        assertThat(results).containsExactlyElementsOf(expected);
        assertThat(expected).filteredOn(AccountLookup.Result::eligible).hasSize(52);
        assertThat(expected).extracting(AccountLookup.Result::ineligibleReason)
                .filteredOn("ambiguous"::equals).hasSize(6);

        // and one by one cost a search per identifier and one more per identifier with an @
        assertThat(oneByOneRequests).isEqualTo(100 + withAt).isBetween(100, 150);
        // while the batch cost one read of /ServiceProviderConfig and three searches, plus 13 for halving the batch
        // that holds the two filter injections down to them (SCIMMY refuses an escaped quote in a filter: one by one
        // that is "no match", and in a batch it makes the batch unserved). Oracle searches no batches.
        assertThat(batchRequests).as("directory requests for 100 identifiers in a batch, dialect %s", dialect)
                .isEqualTo(dialect == ScimProperties.Dialect.ORACLE ? oneByOneRequests : 1 + 3 + 13);
    }

    private static Directory directory(ScimProperties.Dialect dialect) {
        return new Dialects(server.baseUrl(), dialect, Dialects.bearer(TOKEN)).directory();
    }

    /** 100 identifiers; 52 name one eligible account each, 6 are ambiguous. */
    static List<String> flood() {
        List<String> flood = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            flood.add(String.format("user%02d", i));
        }
        for (int i = 30; i < 40; i++) {
            flood.add(String.format("user%02d@example.org", i));
        }
        for (int i = 0; i < 10; i++) {
            flood.add("upn" + i + "@corp.example");
        }
        for (int i = 0; i < 5; i++) {
            flood.add("amb" + i + "@corp.example");
        }
        flood.add("team@example.org");
        flood.add("off0");
        flood.add("off1@example.org");
        flood.add("nomail0");
        flood.add("nomail1");
        flood.add("self@example.org");
        flood.add("x\" or userName pr or userName eq \"");
        flood.add("a@b.c\" or emails pr or emails.value eq \"x");
        flood.add("user00");
        for (int i = 0; flood.size() < 100; i++) {
            flood.add(i % 2 == 0 ? "ghost" + i : "ghost" + i + "@example.net");
        }
        return flood;
    }

    /**
     * user00-39 (e-mail userNN@example.org), UPN users upn0-9@corp.example (another e-mail), five pairs where one
     * account's user name is the other's e-mail, two accounts sharing team@example.org, two inactive, two without
     * e-mail, and one whose user name is its e-mail.
     */
    static String seed() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            users.add(user(String.format("user%02d", i), String.format("user%02d@example.org", i), true));
        }
        for (int i = 0; i < 10; i++) {
            users.add(user("upn" + i + "@corp.example", "upn" + i + ".private@example.net", true));
        }
        for (int i = 0; i < 5; i++) {
            users.add(user("amb" + i + "@corp.example", "amb" + i + ".private@example.net", true));
            users.add(user("amb-other" + i, "amb" + i + "@corp.example", true));
        }
        users.add(user("team1", "team@example.org", true));
        users.add(user("team2", "team@example.org", true));
        users.add(user("off0", "off0@example.org", false));
        users.add(user("off1", "off1@example.org", false));
        users.add(user("nomail0", null, true));
        users.add(user("nomail1", null, true));
        users.add(user("self@example.org", "self@example.org", true));
        return "[" + String.join(",", users) + "]";
    }

    private static String user(String userName, String email, boolean active) {
        // An empty list, not none: SCIMMY 1.3.5 answers every emails.value filter with 400 once one user has none.
        String emails = email == null ? ",\"emails\":[]"
                : ",\"emails\":[{\"value\":\"" + email + "\",\"type\":\"work\",\"primary\":true}]";
        return "{\"id\":\"id-" + userName + "\",\"userName\":\"" + userName + "\",\"active\":" + active + emails + "}";
    }
}

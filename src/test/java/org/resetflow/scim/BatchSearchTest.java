package org.resetflow.scim;

import org.resetflow.directory.AccountLookup;
import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.OrFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.resetflow.scim.StubDirectory.Reply;

/**
 * A batch look-up on the wire: one {@code or} of the single look-up's escaped equality filters, sized by the
 * directory's {@code filter.maxResults} and the filter length, and one search per identifier wherever the directory
 * cannot serve the batch (no filtering offered, the filter refused, the answer cut short).
 */
class BatchSearchTest {

    private static final String BASE = "/scim/v2";
    private static final String EMPTY = "{\"totalResults\":0,\"Resources\":[]}";

    private final StubDirectory server = new StubDirectory();

    @AfterEach
    void stop() {
        server.close();
    }

    private AccountLookup lookup(ScimProperties.Dialect dialect) {
        return new AccountLookup(new Dialects(server.root() + BASE, dialect, Dialects.bearer("t")).directory());
    }

    private static String config(boolean filter, int maxResults) {
        return "{\"patch\":{\"supported\":true},\"changePassword\":{\"supported\":true},"
                + "\"filter\":{\"supported\":" + filter + ",\"maxResults\":" + maxResults + "}}";
    }

    private static boolean isConfig(StubDirectory.Request request) {
        return request.path().endsWith("/ServiceProviderConfig");
    }

    private static boolean isOr(StubDirectory.Request request) {
        return request.query().getOrDefault("filter", "").contains(" or ");
    }

    @Test
    void shouldSendOneOrOfTheEscapedEqualityFiltersForTheWholeBatch() throws Exception {
        // Given a directory that filters, with up to 50 results per answer, and knows nobody
        server.route(request -> isConfig(request) ? Reply.scim(200, config(true, 50)) : Reply.scim(200, EMPTY));
        String injection = "x\" or userName pr or userName eq \"";

        // When a user name, a filter injection and an address are looked up at once
        List<AccountLookup.Result> results = lookup(ScimProperties.Dialect.RFC7644)
                .lookUpAll(List.of("alice", injection, "bob@example.org"));

        // Then nobody is found, after the configuration and one search
        assertThat(results).extracting(AccountLookup.Result::ineligibleReason).containsOnly("no-match");
        assertThat(server.requests()).hasSize(2);
        StubDirectory.Request search = server.requests().get(1);
        assertThat(search.path()).isEqualTo(BASE + "/Users");
        assertThat(search.query()).containsEntry("count", "50");
        // whose filter parses back to the single look-ups' equality filters with exactly the typed values, and nothing else
        List<String> terms = new ArrayList<>();
        flatten(Filter.fromString(search.query().get("filter")), terms);
        assertThat(terms).containsExactly("userName=alice", "userName=" + injection, "userName=bob@example.org",
                "emails.value=bob@example.org");
    }

    private static void flatten(Filter filter, List<String> terms) {
        if (filter instanceof OrFilter or) {
            or.getCombinedFilters().forEach(each -> flatten(each, terms));
        } else {
            assertThat(filter).isInstanceOf(EqualFilter.class);
            terms.add(filter.getAttributePath() + "=" + filter.getComparisonValue().textValue());
        }
    }

    @Test
    void shouldSplitTheBatchWithinMaxResultsAndTheFilterLength() {
        // Given a directory that sends at most 5 results per answer
        server.route(request -> isConfig(request) ? Reply.scim(200, config(true, 5)) : Reply.scim(200, EMPTY));
        // and 12 short user names and 3 user names of 2,500 characters each
        List<String> identifiers = new ArrayList<>(IntStream.range(0, 12).mapToObj(i -> "user" + i).toList());
        identifiers.addAll(List.of("a".repeat(2500), "b".repeat(2500), "c".repeat(2500)));

        // When they are looked up at once
        lookup(ScimProperties.Dialect.RFC7644).lookUpAll(identifiers);

        // Then the searches carry 5, 5, 2 + 1 long, 1 and 1 terms: never more terms than results per answer, and two
        // long names never in one filter (default bound 4,000 characters once URL-encoded); a batch asks for as many
        // results as the directory sends, a user name alone is a single look-up's search
        List<StubDirectory.Request> searches = server.requests().stream().filter(r -> !isConfig(r)).toList();
        assertThat(searches).extracting(r -> r.query().get("filter").split(" or ").length + " terms, count "
                + r.query().get("count")).containsExactly("5 terms, count 5", "5 terms, count 5", "3 terms, count 5",
                "1 terms, count 2", "1 terms, count 2");
    }

    @Test
    void shouldLookEachUpOnItsOwnWhenTheAnswerIsCutShort() {
        // Given a directory whose batch answer says it found 3 accounts but sends 2, while single searches find alice
        String alice = "{\"id\":\"u-a\",\"userName\":\"alice\",\"active\":true,"
                + "\"emails\":[{\"value\":\"alice@example.org\"}]}";
        String bob = "{\"id\":\"u-b\",\"userName\":\"bob\",\"active\":true,\"emails\":[{\"value\":\"bob@example.org\"}]}";
        server.route(request -> {
            if (isConfig(request)) {
                return Reply.scim(200, config(true, 50));
            }
            if (isOr(request)) {
                return Reply.scim(200, "{\"totalResults\":3,\"itemsPerPage\":2,\"Resources\":[" + alice + "," + bob
                        + "]}");
            }
            String filter = request.query().get("filter");
            return Reply.scim(200, filter.contains("\"alice\"")
                    ? "{\"totalResults\":1,\"Resources\":[" + alice + "]}" : EMPTY);
        });

        // When alice and carol are looked up at once
        List<AccountLookup.Result> results = lookup(ScimProperties.Dialect.RFC7644)
                .lookUpAll(List.of("alice", "carol"));

        // Then the cut-short answer is not trusted: each got its own search, and alice is found, carol not
        assertThat(results.get(0).account().id()).isEqualTo("u-a");
        assertThat(results.get(1).ineligibleReason()).isEqualTo("no-match");
        assertThat(server.requests()).extracting(r -> r.query().get("filter")).containsExactly(null,
                "userName eq \"alice\" or userName eq \"carol\"", "userName eq \"alice\"", "userName eq \"carol\"");
    }

    @Test
    void shouldLookEachUpOnItsOwnWhenTheDirectoryRefusesTheOrFilter() {
        // Given a directory that filters, but answers an "or" with 400 invalidFilter
        server.route(request -> isConfig(request) ? Reply.scim(200, config(true, 50))
                : isOr(request) ? Reply.scim(400, "{\"status\":\"400\",\"scimType\":\"invalidFilter\"}")
                : Reply.scim(200, EMPTY));

        // When two identifiers are looked up at once
        List<AccountLookup.Result> results = lookup(ScimProperties.Dialect.RFC7644)
                .lookUpAll(List.of("alice", "bob@example.org"));

        // Then the batch was halved down to single identifiers, which got the searches they get on their own
        assertThat(results).extracting(AccountLookup.Result::ineligibleReason).containsOnly("no-match");
        assertThat(server.requests()).extracting(r -> r.query().get("filter")).containsExactly(null,
                "userName eq \"alice\" or userName eq \"bob@example.org\" or emails.value eq \"bob@example.org\"",
                "userName eq \"alice\"",
                "userName eq \"bob@example.org\" or emails.value eq \"bob@example.org\"",
                "userName eq \"bob@example.org\"", "emails.value eq \"bob@example.org\"");
    }

    @Test
    void shouldHalveARefusedBatchSoOneHostileIdentifierCostsFewSearches() {
        // Given a directory whose filter parser refuses any filter with an escaped quote in it
        server.route(request -> isConfig(request) ? Reply.scim(200, config(true, 200))
                : request.query().get("filter").contains("\\\"") ? Reply.scim(400, "{\"scimType\":\"invalidFilter\"}")
                : Reply.scim(200, EMPTY));
        // and 32 user names, one of them hostile
        List<String> identifiers = new ArrayList<>(IntStream.range(0, 32).mapToObj(i -> "user" + i).toList());
        identifiers.set(20, "x\" or userName pr \"");

        // When they are looked up at once
        List<AccountLookup.Result> results = lookup(ScimProperties.Dialect.RFC7644).lookUpAll(identifiers);

        // Then the refused batch was halved five times: 1 + 2 * 5 searches, instead of 1 + 32
        assertThat(results).extracting(AccountLookup.Result::ineligibleReason).containsOnly("no-match");
        assertThat(server.requests().stream().filter(r -> !isConfig(r))).hasSize(11);
    }

    @Test
    void shouldSearchOneByOneWhereTheDirectoryOffersNoFilteringOrNoConfiguration() {
        // Given a directory that says it does not filter
        server.route(request -> isConfig(request) ? Reply.scim(200, config(false, 200)) : Reply.scim(200, EMPTY));
        AccountLookup lookup = lookup(ScimProperties.Dialect.AUTO);

        // When two batches are looked up
        lookup.lookUpAll(List.of("alice", "bob"));
        lookup.lookUpAll(List.of("carol"));

        // Then it was asked before the first search and never again, and every identifier had its own search
        assertOneByOneAfterOneConfigurationRead();

        // Given a directory without /ServiceProviderConfig at all (404), when two batches are looked up
        server.clear();
        server.route(request -> isConfig(request) ? Reply.scim(404, "{\"status\":\"404\"}") : Reply.scim(200, EMPTY));
        AccountLookup withoutConfig = lookup(ScimProperties.Dialect.RFC7644);
        withoutConfig.lookUpAll(List.of("alice", "bob"));
        withoutConfig.lookUpAll(List.of("carol"));

        // Then the same: asked once, one search each
        assertOneByOneAfterOneConfigurationRead();
    }

    /** A read that timed out on a busy machine is retried: the configuration may be asked twice before a search. */
    private void assertOneByOneAfterOneConfigurationRead() {
        List<StubDirectory.Request> requests = server.requests();
        int firstSearch = requests.indexOf(requests.stream().filter(r -> !isConfig(r)).findFirst().orElseThrow());
        assertThat(requests.subList(0, firstSearch)).isNotEmpty().allMatch(BatchSearchTest::isConfig);
        assertThat(requests.subList(firstSearch, requests.size())).extracting(r -> r.query().get("filter"))
                .containsExactly("userName eq \"alice\"", "userName eq \"bob\"", "userName eq \"carol\"");
    }
}

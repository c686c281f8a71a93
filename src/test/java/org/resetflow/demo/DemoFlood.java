package org.resetflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import org.resetflow.directory.AccountLookup;

/**
 * A flood of 100 identifiers against the demo directory, looked up one by one and as one batch, with the directory
 * requests each way cost, counted as the application counts them ({@code resetflow.directory.calls}).
 */
final class DemoFlood {

    /** The demo's five accounts named every way (case, address, UPN-like), filter injections, and 88 unknowns. */
    static List<String> identifiers() {
        List<String> flood = new ArrayList<>(List.of("alice", "ALICE", "Bob@Example.org", "bob", "carol",
                "carol@example.org", "shared@example.org", "dave", "erin", "Alice@example.org",
                "x\" or userName pr or userName eq \"", "a@b.c\" or emails pr or emails.value eq \"x"));
        for (int i = 0; flood.size() < 100; i++) {
            flood.add(i % 2 == 0 ? "ghost" + i : "ghost" + i + "@example.net");
        }
        return flood;
    }

    record Cost(List<AccountLookup.Result> oneByOne, long oneByOneRequests, List<AccountLookup.Result> batched,
                long batchRequests) {
    }

    /** Each way once, after one look-up that lets the directory client learn what the directory offers. */
    static Cost lookUp(AccountLookup lookup, MeterRegistry meters) {
        lookup.lookUpAll(List.of("warm-up"));
        List<String> flood = identifiers();
        long before = requests(meters);
        List<AccountLookup.Result> oneByOne = flood.stream().map(lookup::lookUp).toList();
        long oneByOneRequests = requests(meters) - before;
        before = requests(meters);
        List<AccountLookup.Result> batched = lookup.lookUpAll(flood);
        Cost cost = new Cost(oneByOne, oneByOneRequests, batched, requests(meters) - before);
        // Whatever the dialect: the same result for every identifier, in the order given
        assertThat(cost.batched()).containsExactlyElementsOf(cost.oneByOne());
        assertThat(cost.oneByOne()).filteredOn(AccountLookup.Result::eligible)
                .extracting(result -> result.account().userName())
                .containsExactly("alice", "alice", "bob", "bob", "dave", "erin", "alice");
        assertThat(cost.oneByOne()).extracting(AccountLookup.Result::ineligibleReason)
                .filteredOn(reason -> reason != null && !reason.equals("no-match"))
                .containsExactly("inactive", "inactive", "ambiguous");
        // and one by one, a search per identifier and one more per identifier with an @
        long withAt = flood.stream().filter(identifier -> identifier.contains("@")).count();
        assertThat(oneByOneRequests).isGreaterThanOrEqualTo(100 + withAt);
        return cost;
    }

    static long requests(MeterRegistry meters) {
        return meters.find("resetflow.directory.calls").timers().stream().mapToLong(Timer::count).sum();
    }

    private DemoFlood() {
    }
}

package org.resetflow.ldap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.LongSupplier;
import org.resetflow.directory.AccountLookup;
import org.resetflow.directory.Directory;

/**
 * A flood of identifiers looked up twice against the same directory: one by one ({@link AccountLookup#lookUp}, what
 * a look-up without batches sends) and in batches ({@link AccountLookup#lookUpAll}), with the searches the server
 * got each way.
 */
record LookUpFlood(List<String> identifiers, List<AccountLookup.Result> oneByOne, List<AccountLookup.Result> batched,
                   long searchesOneByOne, long searchesBatched) {

    static final int SIZE = 100;

    /** Hostile input every server must take as plain values: filter injections, escapes, NUL, non-ASCII. */
    static final List<String> HOSTILE = List.of("*", "*)(uid=*", "alice)(|(uid=*", "*)(mail=*@resetflow.test",
            "back\\slash", "paren(the)sis", "alice\u0000", "alice\u0000@resetflow.test", "alıce", "ALİCE",
            "jürgen-ßøé-日本", "(&)", "\\2a");

    /**
     * The identifiers given, then unknown ones, half of them with an {@code @}, up to {@link #SIZE} distinct ones.
     */
    static List<String> of(List<String> named) {
        LinkedHashSet<String> flood = new LinkedHashSet<>(named);
        for (int i = 0; flood.size() < SIZE; i++) {
            flood.add(i % 2 == 0 ? "nobody-" + i : "nobody-" + i + "@resetflow.test");
        }
        return List.copyOf(flood);
    }

    /** Both ways, in that order, counting with {@code searches} (the server's count, or the client's meter). */
    static LookUpFlood run(Directory directory, LongSupplier searches, List<String> identifiers) {
        AccountLookup lookup = new AccountLookup(directory);
        long before = searches.getAsLong();
        List<AccountLookup.Result> oneByOne = new ArrayList<>();
        for (String identifier : identifiers) {
            oneByOne.add(lookup.lookUp(identifier));
        }
        long between = searches.getAsLong();
        List<AccountLookup.Result> batched = lookup.lookUpAll(identifiers);
        long after = searches.getAsLong();
        return new LookUpFlood(identifiers, oneByOne, batched, between - before, after - between);
    }

    /** Searches sent as ResetFlow's meter counts them, every outcome. */
    static LongSupplier searchesMetered(MeterRegistry meters) {
        return () -> meters.find("resetflow.directory.calls").tag("method", "search").timers().stream()
                .mapToLong(Timer::count).sum();
    }

    /**
     * What one by one costs: one search per identifier, and one more for each with an {@code @}; none for one with
     * a NUL, which names no account and is never sent.
     */
    long expectedOneByOne() {
        List<String> sent = identifiers.stream().filter(identifier -> identifier.indexOf('\0') < 0).toList();
        return sent.size() + sent.stream().filter(identifier -> identifier.contains("@")).count();
    }

    List<String> reasons() {
        return oneByOne.stream().map(result -> result.eligible() ? "eligible" : result.ineligibleReason()).toList();
    }
}

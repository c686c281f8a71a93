package org.resetflow.bench;

import java.time.Duration;

/**
 * {@code timing}: does the reset request page answer in the same time whether or not the account exists? Against a
 * running ResetFlow (demo mode, rate limits raised): N requests for existing accounts and N for unknown ones,
 * alternating, after 200 warm-up requests; both groups use four identifiers of the same shapes and lengths.
 */
final class TimingBench {

    // Same count, same shapes and lengths, repeated the same way: only the accounts' existence differs.
    private static final String[] EXISTING = {"alice", "bob", "alice@example.org", "bob@example.org"};
    private static final String[] UNKNOWN = {"alica", "bod", "alica@example.org", "bod@example.org"};

    private TimingBench() {
    }

    static void main(Options options) throws Exception {
        String base = options.positional(0, "http://localhost:8080");
        int n = Integer.parseInt(options.positional(1, "2000"));
        // The demo's four names, cycled in the same order for both groups.
        int[] next = {0};
        Load load = new Load(base, EXISTING.length, i -> EXISTING[next[0]++ % EXISTING.length],
                i -> UNKNOWN[(next[0] - 1 + UNKNOWN.length) % UNKNOWN.length]);
        load.sequential(100, Duration.ofMinutes(10), false);
        Load.Sequential timed = load.sequential(n, Duration.ofHours(1), false);
        System.out.printf("requests per group: %d (after 200 warm-up requests), %d refused%n", timed.known().length,
                timed.errors());
        System.out.printf("existing accounts: median %.3f ms, p99 %.3f ms%n", Stats.quantile(timed.known(), 0.5),
                Stats.quantile(timed.known(), 0.99));
        System.out.printf("unknown accounts:  median %.3f ms, p99 %.3f ms%n", Stats.quantile(timed.unknown(), 0.5),
                Stats.quantile(timed.unknown(), 0.99));
        System.out.printf("Kolmogorov-Smirnov D = %.4f, p = %.4f%n", timed.ksD(), timed.ksP());
    }
}

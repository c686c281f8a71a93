package org.resetflow.token;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A reset link's token as the mail job derives it (HMAC-SHA256 of the reset and the mail key), and the hash the link
 * page looks it up by. In this package because both are package-private, as they should stay.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenBenchmark {

    private final TokenKey key = new TokenKey("bench-only-reset-link-key-0123456789abcdef");
    private final String token = key.token("5f0c1f7e-3b7a-11ef-9a2b-0242ac120002", "reset-link:1");

    @Benchmark
    public String deriveToken() {
        return key.token("5f0c1f7e-3b7a-11ef-9a2b-0242ac120002", "reset-link:1");
    }

    @Benchmark
    public String hashForLookUp() {
        return ResetTokens.hash(token);
    }
}

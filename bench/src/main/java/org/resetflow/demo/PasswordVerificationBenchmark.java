package org.resetflow.demo;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One password verification as the demo directory does it (PBKDF2-HMAC-SHA256, 10,000 iterations): what a sign-in
 * to the demo directory or a demo password change costs the demo's CPU.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PasswordVerificationBenchmark {

    private final PasswordHash stored = PasswordHash.of("Velvet-Harbor-Quietly-92");

    @Benchmark
    public boolean verifyPassword() {
        return stored.matches("Velvet-Harbor-Quietly-92");
    }
}

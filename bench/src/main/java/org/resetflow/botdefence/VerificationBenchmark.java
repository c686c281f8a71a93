package org.resetflow.botdefence;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.altcha.altcha.Altcha;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The server's cost of the bot defence per request: verifying one solution ({@code Challenges.verify}: base64 and
 * JSON decoding, one SHA-256, one HMAC, two constant-time comparisons), next to one HMAC-SHA256 and one SHA-256 as
 * the library computes them, the units the README compares it with.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VerificationBenchmark {

    private static final String KEY = "bench-bot-defence-key-0123456789abcdef";
    private static final byte[] SAMPLE = "0".repeat(64).getBytes(StandardCharsets.US_ASCII);

    // verify() reads neither the cost settings nor the request rate.
    private final Challenges challenges = new Challenges(null, new BotDefenceKey(KEY), null, Clock.systemUTC());
    private String payload;

    @Setup
    public void solveOne() throws Exception {
        Altcha.Challenge challenge = Altcha.createChallenge(new Altcha.ChallengeOptions()
                .setAlgorithm(Altcha.Algorithm.SHA256).setHmacKey(KEY).setMaxNumber(2000L)
                .setExpires(Instant.now().plusSeconds(3600).getEpochSecond()));
        Altcha.Solution solution = Altcha.solveChallenge(challenge.challenge, challenge.salt,
                Altcha.Algorithm.SHA256, 2000L, 0L);
        payload = Base64.getEncoder().encodeToString(new ObjectMapper().writeValueAsBytes(Map.of(
                "algorithm", "SHA-256", "challenge", challenge.challenge, "number", solution.number,
                "salt", challenge.salt, "signature", challenge.signature)));
        if (challenges.verify(payload).isEmpty()) {
            throw new IllegalStateException("the benchmark's own solution does not verify");
        }
    }

    @Benchmark
    public Object verifySolution() {
        return challenges.verify(payload);
    }

    @Benchmark
    public String oneHmacSha256() throws Exception {
        return Altcha.hmacHex(Altcha.Algorithm.SHA256, SAMPLE, KEY);
    }

    @Benchmark
    public String oneSha256() throws Exception {
        return Altcha.hashHex(Altcha.Algorithm.SHA256, "salt?expires=1" + 12345);
    }
}

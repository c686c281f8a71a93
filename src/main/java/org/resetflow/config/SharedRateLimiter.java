package org.resetflow.config;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A rate limit whose buckets live in the database every node shares ({@code rf_rate_limit_bucket}), so a limit spent
 * on one node holds on all of them. Bucket4j locks the key's row for each permit ({@code SELECT ... FOR UPDATE}), so
 * two nodes never hand out the same permit.
 *
 * <p>A key may be what someone typed as an identifier, and people type passwords there; the table must not hold that.
 * So a row's id is a 64-bit keyed hash (HMAC-SHA256 with {@code resetflow.rate-limit.key-secret}, truncated) of the
 * limit's name and the key: nothing in the table reads back as what was typed, and without the secret a reader of
 * the database cannot even test guesses against it. Two keys that share an id share a bucket; with 2^64 ids that
 * does not happen in practice.
 */
final class SharedRateLimiter implements RateLimiter {

    private final String name;
    private final ProxyManager<Long> buckets;
    private final Supplier<BucketConfiguration> configuration;
    private final byte[] secret;

    SharedRateLimiter(String name, int capacity, Duration window, ProxyManager<Long> buckets, byte[] secret) {
        this.name = name;
        this.buckets = buckets;
        this.secret = secret.clone();
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, window))
                .build();
        this.configuration = () -> config;
    }

    @Override
    public boolean tryAcquire(String key) {
        return buckets.getProxy(rowId(key), configuration).tryConsume(1);
    }

    @Override
    public long tryAcquireUpTo(String key, long wanted) {
        return wanted <= 0 ? 0 : buckets.getProxy(rowId(key), configuration).tryConsumeAsMuchAsPossible(wanted);
    }

    long rowId(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return ByteBuffer.wrap(mac.doFinal(key.getBytes(StandardCharsets.UTF_8))).getLong();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}

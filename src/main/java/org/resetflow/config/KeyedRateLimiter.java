package org.resetflow.config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import java.time.Duration;

/**
 * One Bucket4j token bucket per key (a client network, an identifier), refilled greedily over the window. Keys are
 * held in a bounded Caffeine cache, so a flood of distinct keys cannot exhaust memory; a key idle for a whole window
 * has a full bucket anyway and is dropped.
 */
public final class KeyedRateLimiter implements RateLimiter {

    private static final long MAX_KEYS = 200_000;

    private final int capacity;
    private final Duration window;
    private final Cache<String, Bucket> buckets;

    public KeyedRateLimiter(int capacity, Duration window) {
        this.capacity = capacity;
        this.window = window;
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(window).build();
    }

    @Override
    public boolean tryAcquire(String key) {
        return bucket(key).tryConsume(1);
    }

    @Override
    public long tryAcquireUpTo(String key, long wanted) {
        return wanted <= 0 ? 0 : bucket(key).tryConsumeAsMuchAsPossible(wanted);
    }

    private Bucket bucket(String key) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, window))
                .build());
    }
}

package org.resetflow.config;

/**
 * How often one key (a client network, an identifier) may act. {@link KeyedRateLimiter} keeps its counts in this
 * node's memory (H2, one node); {@link SharedRateLimiter} keeps them in the database all nodes share. {@link
 * RateLimiters} picks one.
 */
public interface RateLimiter {

    /** Takes one permit for {@code key}; false when the key has used up its window. */
    boolean tryAcquire(String key);

    /** Takes as many permits for {@code key} as are left, at most {@code wanted}; returns how many it took. */
    long tryAcquireUpTo(String key, long wanted);
}

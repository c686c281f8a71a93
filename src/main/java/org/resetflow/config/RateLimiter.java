package org.resetflow.config;

/**
 * How often one key (a client network, an identifier) may act. {@link KeyedRateLimiter} keeps its counts in this
 * node's memory; a store shared by several nodes can take its place without changing the callers.
 */
public interface RateLimiter {

    /** Takes one permit for {@code key}; false when the key has used up its window. */
    boolean tryAcquire(String key);
}

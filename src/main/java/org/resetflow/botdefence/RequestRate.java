package org.resetflow.botdefence;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Reset requests per minute on this node, for raising the cost during a flood. Per node by design: each node sees
 * its share of a flood behind a load balancer, and a shared counter would put a database write on every request.
 * Two one-minute buckets; the rate is the busier of the last full minute and the current one.
 */
@Component
class RequestRate {

    private final Clock clock;
    private final AtomicLong minute = new AtomicLong(-1);
    private final AtomicLong current = new AtomicLong();
    private final AtomicLong previous = new AtomicLong();

    RequestRate(Clock clock) {
        this.clock = clock;
    }

    void record() {
        roll().incrementAndGet();
    }

    long perMinute() {
        roll();
        return Math.max(previous.get(), current.get());
    }

    private AtomicLong roll() {
        long now = clock.millis() / 60_000;
        long seen = minute.get();
        if (seen != now && minute.compareAndSet(seen, now)) {
            previous.set(now == seen + 1 ? current.get() : 0);
            current.set(0);
        }
        return current;
    }
}

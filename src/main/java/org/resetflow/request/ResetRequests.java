package org.resetflow.request;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.resetflow.operations.ResetMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Takes a reset request on the request thread: one insert into the inbox, nothing else, so the work and the time are
 * the same whether or not the account exists, and no directory is touched. {@link ResetStarter} starts the reset.
 */
@Service
public class ResetRequests {

    /** Counter of requests dropped past {@code resetflow.request.max-queued}. */
    public static final String DROPPED = "resetflow.requests.dropped";

    private static final Logger log = LoggerFactory.getLogger(ResetRequests.class);

    private final PendingLookups inbox;
    private final RequestProperties properties;
    /** This node's view of the inbox's depth: refreshed by the starter, raised by each request taken here. */
    private final AtomicLong queued = new AtomicLong();
    private final Counter dropped;
    private final ResetMetrics metrics;

    ResetRequests(PendingLookups inbox, RequestProperties properties, ObjectProvider<MeterRegistry> meters,
                  ResetMetrics metrics) {
        this.inbox = inbox;
        this.properties = properties;
        this.metrics = metrics;
        this.dropped = Counter.builder(DROPPED)
                .description("Reset requests dropped because the inbox was full; the requester saw the usual answer")
                .register(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Queues a reset for what the user typed. Past the inbox's bound the request is dropped; the answer is the same. */
    public void request(String identifier, String clientAddress) {
        request(identifier, clientAddress, null);
    }

    /** @param language the page language of the request, for the mails when the account names none */
    public void request(String identifier, String clientAddress, String language) {
        request(identifier, clientAddress, language, RequestPurpose.RESET);
    }

    /** @param purpose a new password or an unlock: the same single insert either way */
    public void request(String identifier, String clientAddress, String language, RequestPurpose purpose) {
        if (queued.get() >= properties.maxQueued()) {
            dropped.increment();
            log.warn("Reset request dropped: the inbox holds {} requests waiting for the directory budget", queued.get());
            return;
        }
        inbox.enqueue(identifier, clientAddress, language, purpose);
        queued.incrementAndGet();
        metrics.requestQueued();
    }

    void inboxDepth(long depth) {
        queued.set(depth);
    }
}

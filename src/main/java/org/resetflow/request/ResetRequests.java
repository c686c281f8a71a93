package org.resetflow.request;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Takes a reset request on the request thread: one insert into the inbox, nothing else, so the work and the time are
 * the same whether or not the account exists, and no directory is touched. {@link ResetStarter} starts the reset.
 */
@Service
public class ResetRequests {

    private static final Logger log = LoggerFactory.getLogger(ResetRequests.class);

    private final PendingLookups inbox;
    private final RequestProperties properties;
    /** This node's view of the inbox's depth: refreshed by the starter, raised by each request taken here. */
    private final AtomicLong queued = new AtomicLong();

    ResetRequests(PendingLookups inbox, RequestProperties properties) {
        this.inbox = inbox;
        this.properties = properties;
    }

    /** Queues a reset for what the user typed. Past the inbox's bound the request is dropped; the answer is the same. */
    public void request(String identifier, String clientAddress) {
        if (queued.get() >= properties.maxQueued()) {
            log.warn("Reset request dropped: the inbox holds {} requests waiting for the directory budget", queued.get());
            return;
        }
        inbox.enqueue(identifier, clientAddress);
        queued.incrementAndGet();
    }

    void inboxDepth(long depth) {
        queued.set(depth);
    }
}

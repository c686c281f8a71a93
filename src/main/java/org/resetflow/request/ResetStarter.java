package org.resetflow.request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.variable.Variables;
import org.resetflow.config.RateLimiter;
import org.resetflow.config.RateLimiters;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes the inbox in batches, oldest first: one transaction claims the due rows for a new batch id and starts one
 * {@code request-intake} instance for them, so a crash loses nothing and no row is in two batches. The directory
 * budget caps the rate: at most {@code resetflow.request.max-lookups-per-second} identifiers are looked up per
 * second, on all nodes together where they share a PostgreSQL database (on this node alone on H2); a flood waits in
 * the inbox. The budget counts identifiers, not directory requests: what one identifier costs the directory depends
 * on the dialect (one search in a batched search, two where an {@code @} is searched as user name and as e-mail), the
 * identifier is what the starter knows when it claims. It runs with the job executor (it is background work like
 * the jobs): where the job executor is off, as in tests that drive the engine by hand, {@link #startQueued()} is
 * called directly.
 */
@Component
public class ResetStarter {

    /** The directory budget's one key: identifiers looked up, across every node. */
    static final String BUDGET = "directory-lookups";

    private final PendingLookups inbox;
    private final ResetRequests requests;
    private final RuntimeService runtimeService;
    private final ProcessEngine processEngine;
    private final RequestProperties properties;
    private final TransactionTemplate transaction;
    private final OwnStarts ownStarts;
    /**
     * The directory budget as a token bucket of one second's identifiers. On PostgreSQL it lives in the database
     * every node shares, so the ceiling holds for the whole cluster, not per node; on H2 (one node) in memory.
     */
    private final RateLimiter budget;

    ResetStarter(PendingLookups inbox, ResetRequests requests, RuntimeService runtimeService,
                 ProcessEngine processEngine, RequestProperties properties,
                 PlatformTransactionManager transactionManager, RateLimiters rateLimiters, OwnStarts ownStarts) {
        this.budget = rateLimiters.limiter(BUDGET, properties.maxLookupsPerSecond(), Duration.ofSeconds(1));
        this.inbox = inbox;
        this.requests = requests;
        this.runtimeService = runtimeService;
        this.processEngine = processEngine;
        this.properties = properties;
        this.ownStarts = ownStarts;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    private static final long DEPTH_EVERY_NANOS = 1_000_000_000L;
    private long depthCountedAt = System.nanoTime() - DEPTH_EVERY_NANOS;

    @Scheduled(fixedDelayString = "${resetflow.request.starter-interval:100ms}")
    void round() {
        JobExecutor jobExecutor = ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
                processEngine.getProcessEngineConfiguration()).getJobExecutor();
        if (jobExecutor == null || !jobExecutor.isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (now - depthCountedAt >= DEPTH_EVERY_NANOS) {
            // The whole backlog, for the inbox's bound and gauge, once a second: a count of every waiting row ten
            // times a second cost the starter as much as a flood's claims. Between counts the request page adds
            // what it queues, so the bound errs by at most a second of claims (the budget), on the safe side.
            requests.inboxDepth(inbox.waiting());
            depthCountedAt = now;
        }
        // Permits only for rows that wait; one another node claims first is a permit spent on nothing, so the
        // directory sees at most the budget, never more.
        long granted = budget.tryAcquireUpTo(BUDGET, inbox.due(batchSize()));
        if (granted > 0) {
            start((int) granted);
        }
    }

    /** Requests in the inbox that no batch has claimed yet. */
    public long queued() {
        return inbox.waiting();
    }

    /**
     * Claims every queued request now, whatever the budget, in batches of the configured size; returns the new
     * intake instances, oldest batch first. Their "Look up accounts" jobs wait for the job executor.
     */
    public List<String> startQueued() {
        List<String> started = new ArrayList<>();
        String batch;
        while ((batch = start(batchSize())) != null) {
            started.add(batch);
        }
        return started;
    }

    private int batchSize() {
        return Math.min(properties.batchSize(), RequestIntakeProcess.MAX_BATCH);
    }

    /** One batch of at most {@code limit} rows and its intake, in one transaction; null when nothing waits. */
    private String start(int limit) {
        return transaction.execute(status -> {
            String batchId = UUID.randomUUID().toString();
            if (inbox.claim(batchId, limit) == 0) {
                return null;
            }
            return ownStarts.start(() -> runtimeService.startProcessInstanceByKey(RequestIntakeProcess.PROCESS_KEY,
                    Variables.createVariables().putValue(RequestIntakeProcess.VAR_BATCH_ID, batchId)).getId());
        });
    }
}

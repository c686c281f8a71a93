package org.resetflow.request;

import static org.resetflow.PasswordResetProcess.CHANNEL_SELF_SERVICE;
import static org.resetflow.PasswordResetProcess.PROCESS_KEY;
import static org.resetflow.PasswordResetProcess.VAR_CHANNEL;
import static org.resetflow.PasswordResetProcess.VAR_CLIENT_ADDRESS;
import static org.resetflow.PasswordResetProcess.VAR_REQUESTED_AT;
import static org.resetflow.PasswordResetProcess.VAR_REQUEST_LANGUAGE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
 * Starts resets from the inbox, oldest first, in batches: one transaction starts a batch of process instances and
 * marks their rows, so a crash loses nothing and starts nothing twice. The directory budget caps the rate: at most
 * {@code resetflow.request.max-lookups-per-second} resets start per second, on all nodes together where they share
 * a PostgreSQL database (on this node alone on H2), each with exactly one
 * look-up; a flood waits in the inbox. It runs with the job executor (it is background work like the jobs): where the
 * job executor is off, as in tests that drive the engine by hand, {@link #startQueued()} is called directly.
 */
@Component
public class ResetStarter {

    /** The directory budget's one key: look-ups started, across every node. */
    static final String BUDGET = "directory-lookups";

    private final PendingLookups inbox;
    private final ResetRequests requests;
    private final RuntimeService runtimeService;
    private final ProcessEngine processEngine;
    private final RequestProperties properties;
    private final TransactionTemplate transaction;
    /**
     * The directory budget as a token bucket of one second's look-ups. On PostgreSQL it lives in the database every
     * node shares, so the ceiling holds for the whole cluster, not per node; on H2 (one node) in memory.
     */
    private final RateLimiter budget;

    ResetStarter(PendingLookups inbox, ResetRequests requests, RuntimeService runtimeService,
                 ProcessEngine processEngine, RequestProperties properties,
                 PlatformTransactionManager transactionManager, RateLimiters rateLimiters) {
        this.budget = rateLimiters.limiter(BUDGET, properties.maxLookupsPerSecond(), Duration.ofSeconds(1));
        this.inbox = inbox;
        this.requests = requests;
        this.runtimeService = runtimeService;
        this.processEngine = processEngine;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @Scheduled(fixedDelayString = "${resetflow.request.starter-interval:100ms}")
    void round() {
        JobExecutor jobExecutor = ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
                processEngine.getProcessEngineConfiguration()).getJobExecutor();
        if (jobExecutor == null || !jobExecutor.isActive()) {
            return;
        }
        long waiting = inbox.waiting();
        requests.inboxDepth(waiting);
        // Permits only for rows that wait; one another node starts first is a permit spent on nothing, so the
        // directory sees at most the budget, never more.
        long granted = budget.tryAcquireUpTo(BUDGET, Math.min(waiting, properties.batchSize()));
        if (granted > 0) {
            start((int) granted);
        }
    }

    /** Requests in the inbox that no reset has been started for yet. */
    public long queued() {
        return inbox.waiting();
    }

    /** Starts every queued request now, whatever the budget; returns the new process instances, oldest first. */
    public List<String> startQueued() {
        List<String> started = new ArrayList<>();
        List<String> batch;
        do {
            batch = start(properties.batchSize());
            started.addAll(batch);
        } while (!batch.isEmpty());
        return started;
    }

    private List<String> start(int limit) {
        List<String> started = transaction.execute(status -> {
            List<String> ids = new ArrayList<>();
            for (PendingLookups.Queued request : inbox.oldestWaiting(limit)) {
                String id = runtimeService.startProcessInstanceByKey(PROCESS_KEY, Variables.createVariables()
                        .putValue(VAR_CLIENT_ADDRESS, request.clientAddress())
                        .putValue(VAR_REQUESTED_AT, new Date(request.requestedAt().getTime()))
                        .putValue(VAR_CHANNEL, CHANNEL_SELF_SERVICE)
                        .putValue(VAR_REQUEST_LANGUAGE, request.language())).getId();
                inbox.started(request.requestId(), id);
                ids.add(id);
            }
            return ids;
        });
        return started == null ? List.of() : started;
    }
}

package org.resetflow.request;

import static org.resetflow.PasswordResetProcess.CHANNEL_SELF_SERVICE;
import static org.resetflow.PasswordResetProcess.PROCESS_KEY;
import static org.resetflow.PasswordResetProcess.VAR_CHANNEL;
import static org.resetflow.PasswordResetProcess.VAR_CLIENT_ADDRESS;
import static org.resetflow.PasswordResetProcess.VAR_REQUESTED_AT;

import java.time.Clock;
import java.util.Date;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts a reset. The model's first task is asynchronous, so this only writes the instance, its job and the typed
 * identifier's row ({@link PendingLookups}), in one transaction: the same work, and so the same time, whether or not
 * the account exists.
 */
@Service
public class ResetRequests {

    private final RuntimeService runtimeService;
    private final PendingLookups pendingLookups;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ResetRequests(RuntimeService runtimeService, PendingLookups pendingLookups,
                  PlatformTransactionManager transactionManager, Clock clock) {
        this.runtimeService = runtimeService;
        this.pendingLookups = pendingLookups;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** Starts a reset for what the user typed; returns the new process instance's id. */
    public String request(String identifier, String clientAddress) {
        return transaction.execute(status -> {
            ProcessInstance reset = runtimeService.startProcessInstanceByKey(PROCESS_KEY, Variables.createVariables()
                    .putValue(VAR_CLIENT_ADDRESS, clientAddress)
                    .putValue(VAR_REQUESTED_AT, Date.from(clock.instant()))
                    .putValue(VAR_CHANNEL, CHANNEL_SELF_SERVICE));
            pendingLookups.hold(reset.getId(), identifier);
            return reset.getId();
        });
    }
}

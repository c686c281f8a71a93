package org.resetflow.request;

import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_LOCKED;
import static org.resetflow.PasswordResetProcess.VAR_CHANNEL;
import static org.resetflow.PasswordResetProcess.VAR_CLIENT_ADDRESS;
import static org.resetflow.PasswordResetProcess.VAR_REQUESTED_AT;
import static org.resetflow.PasswordResetProcess.VAR_REQUEST_LANGUAGE;

import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.resetflow.PasswordResetProcess;
import org.resetflow.helpdesk.ResetPolicyInputs;
import org.resetflow.operations.ResetMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Start resets for accounts": one {@code password-reset} per request whose identifier named an eligible account,
 * started with the account (never what was typed), and the batch's rows deleted, all in the look-up's job. A crash
 * before the commit rolls back the starts and the delete together, and the retried job does both again; after it,
 * no row is left to start twice. A request that matched nothing costs its share of the batch and no instance.
 */
@Component
class StartResetsDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(StartResetsDelegate.class);

    private final PendingLookups inbox;
    private final RuntimeService runtimeService;
    private final ResetPolicyInputs policyInputs;
    private final OwnStarts ownStarts;
    private final ResetMetrics metrics;
    private final LookedUpBatches lookedUpBatches;

    StartResetsDelegate(PendingLookups inbox, RuntimeService runtimeService, ResetPolicyInputs policyInputs,
                        OwnStarts ownStarts, ResetMetrics metrics, LookedUpBatches lookedUpBatches) {
        this.lookedUpBatches = lookedUpBatches;
        this.inbox = inbox;
        this.runtimeService = runtimeService;
        this.policyInputs = policyInputs;
        this.ownStarts = ownStarts;
        this.metrics = metrics;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String batchId = (String) execution.getVariable(RequestIntakeProcess.VAR_BATCH_ID);
        List<LookedUpBatches.LookedUp> lookedUp = lookedUpBatches.take(batchId);
        int started = 0;
        for (LookedUpBatches.LookedUp request : lookedUp) {
            if (!request.result().eligible()) {
                log.info("Batch {}: request {} gets no reset: {}", batchId, request.request().requestId(),
                        request.result().ineligibleReason());
                continue;
            }
            VariableMap variables = Variables.createVariables()
                    .putValue(VAR_CLIENT_ADDRESS, request.request().clientAddress())
                    .putValue(VAR_REQUESTED_AT, new Date(request.request().requestedAt().getTime()))
                    .putValue(VAR_CHANNEL, request.request().purpose().channel())
                    .putValue(VAR_REQUEST_LANGUAGE, request.request().language());
            variables.putAll(request.result().resetVariables(policyInputs.privilegedGroup()));
            // Transient: only "Decide reset policy" reads it, in this transaction (nothing before it is asynchronous),
            // and its decision's history keeps it as an input. Not stored, it costs a reset no variable rows.
            variables.putValueTyped(VAR_ACCOUNT_LOCKED,
                    Variables.booleanValue(request.result().account().locked(), true));
            ownStarts.start(() -> runtimeService.startProcessInstanceByKey(PasswordResetProcess.PROCESS_KEY,
                    variables));
            started++;
        }
        inbox.done(batchId, lookedUp.size());
        metrics.noEligibleAccount(lookedUp.size() - started);
    }
}

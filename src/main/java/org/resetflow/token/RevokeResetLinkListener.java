package org.resetflow.token;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Runs when a reset ends, on any path: a link whose reset is over is removed at once rather than left for the
 * purge, so the table holds only links that can still be used (and the used ones, as a record).
 */
@Component
class RevokeResetLinkListener implements ExecutionListener {

    private final ResetTokens resetTokens;

    RevokeResetLinkListener(ResetTokens resetTokens) {
        this.resetTokens = resetTokens;
    }

    @Override
    public void notify(DelegateExecution execution) {
        resetTokens.revoke(execution.getProcessInstanceId());
    }
}

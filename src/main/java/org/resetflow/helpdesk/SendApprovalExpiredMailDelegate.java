package org.resetflow.helpdesk;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.mail.ResetMailer;
import org.springframework.stereotype.Component;

/**
 * "Tell owner: not approved in time": the helpdesk did not decide before the deadline, so the reset ends and the
 * account's owner learns that someone asked and that nothing changed.
 */
@Component
class SendApprovalExpiredMailDelegate implements JavaDelegate {

    private final ResetMailer mailer;

    SendApprovalExpiredMailDelegate(ResetMailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public void execute(DelegateExecution execution) {
        mailer.sendApprovalExpired(execution::getVariable);
    }
}

package org.resetflow.helpdesk;

import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_DISPLAY_NAME;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_EMAIL;
import static org.resetflow.PasswordResetProcess.VAR_REQUESTED_AT;

import java.util.Date;
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
        String to = (String) execution.getVariable(VAR_ACCOUNT_EMAIL);
        String name = (String) execution.getVariable(VAR_ACCOUNT_DISPLAY_NAME);
        Date requestedAt = (Date) execution.getVariable(VAR_REQUESTED_AT);
        mailer.sendApprovalExpired(to, name, requestedAt.toInstant());
    }
}

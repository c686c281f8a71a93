package org.resetflow.mail;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Send confirmation mail": tells the account owner the password changed, so an unwanted reset is noticed. Once: a
 * rerun of the job after the mail server accepted it sends nothing (see {@link SentMails}).
 */
@Component
class SendConfirmationMailDelegate implements JavaDelegate {

    private final ResetMailer mailer;
    private final SentMails sentMails;
    private final Clock clock;

    SendConfirmationMailDelegate(ResetMailer mailer, SentMails sentMails, Clock clock) {
        this.mailer = mailer;
        this.sentMails = sentMails;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        sentMails.sendOnce(execution.getProcessInstanceId(), SentMails.PASSWORD_CHANGED, null,
                messageId -> mailer.sendPasswordChanged(execution::getVariable, clock.instant(), messageId));
    }
}

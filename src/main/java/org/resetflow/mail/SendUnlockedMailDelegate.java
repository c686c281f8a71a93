package org.resetflow.mail;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Send unlock confirmation mail": tells the account's owner that the account was unlocked, so an unlock they did not
 * ask for is noticed. Once: a rerun of the job after the mail server accepted it sends nothing.
 */
@Component
class SendUnlockedMailDelegate implements JavaDelegate {

    static final String MAIL_KEY = "account-unlocked";

    private final ResetMailer mailer;
    private final SentMails sentMails;
    private final Clock clock;

    SendUnlockedMailDelegate(ResetMailer mailer, SentMails sentMails, Clock clock) {
        this.mailer = mailer;
        this.sentMails = sentMails;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        sentMails.sendOnce(execution.getProcessInstanceId(), MAIL_KEY, null,
                messageId -> mailer.sendAccountUnlocked(execution::getVariable, clock.instant(), messageId));
    }
}

package org.resetflow.mail;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Send confirmation mail": tells the account owner the password changed, so an unwanted reset is noticed. */
@Component
class SendConfirmationMailDelegate implements JavaDelegate {

    private final ResetMailer mailer;
    private final Clock clock;

    SendConfirmationMailDelegate(ResetMailer mailer, Clock clock) {
        this.mailer = mailer;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        mailer.sendPasswordChanged(execution::getVariable, clock.instant());
    }
}

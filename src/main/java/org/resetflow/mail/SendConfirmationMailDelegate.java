package org.resetflow.mail;

import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_DISPLAY_NAME;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_EMAIL;

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
        String to = (String) execution.getVariable(VAR_ACCOUNT_EMAIL);
        String name = (String) execution.getVariable(VAR_ACCOUNT_DISPLAY_NAME);

        mailer.sendPasswordChanged(to, name, clock.instant());
    }
}

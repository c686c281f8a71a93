package org.resetflow.mail;

import static org.resetflow.PasswordResetProcess.VAR_MAX_ATTEMPTS;
import static org.resetflow.PasswordResetProcess.VAR_NOTIFICATION;
import static org.resetflow.PasswordResetProcess.VAR_RESET_LINK;
import static org.resetflow.PasswordResetProcess.VAR_RESET_MAIL_KEY;
import static org.resetflow.PasswordResetProcess.VAR_TOKEN_EXPIRES_AT;
import static org.resetflow.PasswordResetProcess.VAR_TOKEN_LIFETIME;

import java.time.Duration;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Send reset mail": mails the link that "Issue token" left as a transient variable in this transaction, unless the
 * sent-mail ledger says the mail server already accepted this mail (the job runs again after failing past the send).
 */
@Component
class SendResetMailDelegate implements JavaDelegate {

    private final ResetMailer mailer;
    private final SentMails sentMails;

    SendResetMailDelegate(ResetMailer mailer, SentMails sentMails) {
        this.mailer = mailer;
        this.sentMails = sentMails;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String link = (String) execution.getVariable(VAR_RESET_LINK);
        String mailKey = (String) execution.getVariable(VAR_RESET_MAIL_KEY);
        Duration lifetime = Duration.parse((String) execution.getVariable(VAR_TOKEN_LIFETIME));
        Date expiresAt = (Date) execution.getVariable(VAR_TOKEN_EXPIRES_AT);
        Number maxAttempts = (Number) execution.getVariable(VAR_MAX_ATTEMPTS);
        if (link == null || mailKey == null) {
            throw new IllegalStateException("No reset link in this transaction: 'Issue token' must run in the same job");
        }

        String notification = (String) execution.getVariable(VAR_NOTIFICATION);
        sentMails.sendOnce(execution.getProcessInstanceId(), mailKey, expiresAt.toInstant(), messageId ->
                mailer.sendResetLink(notification == null ? ResetMailer.NOTIFICATION_RESET_LINK : notification,
                        execution::getVariable, link, lifetime, expiresAt.toInstant(), maxAttempts.intValue(),
                        messageId));
    }
}

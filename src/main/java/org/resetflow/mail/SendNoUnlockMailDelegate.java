package org.resetflow.mail;

import static org.resetflow.PasswordResetProcess.VAR_NOTIFICATION;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.config.ResetFlowProperties;
import org.springframework.stereotype.Component;

/**
 * "Tell owner: no unlock": the policy table did not offer the unlock the owner asked for (a privileged account) or
 * found nothing to unlock; the mail, without a link, says which and what to do instead. Once per reset.
 */
@Component
class SendNoUnlockMailDelegate implements JavaDelegate {

    static final String MAIL_KEY = "no-unlock";

    private final ResetMailer mailer;
    private final SentMails sentMails;
    private final ResetFlowProperties properties;

    SendNoUnlockMailDelegate(ResetMailer mailer, SentMails sentMails, ResetFlowProperties properties) {
        this.mailer = mailer;
        this.sentMails = sentMails;
        this.properties = properties;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String notification = (String) execution.getVariable(VAR_NOTIFICATION);
        sentMails.sendOnce(execution.getProcessInstanceId(), MAIL_KEY, null,
                messageId -> mailer.sendNoUnlock(notification, execution::getVariable, properties.baseUrl() + "/",
                        messageId));
    }
}

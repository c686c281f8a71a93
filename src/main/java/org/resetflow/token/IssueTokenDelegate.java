package org.resetflow.token;

import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;
import static org.resetflow.PasswordResetProcess.VAR_REPLACED_RESET;
import static org.resetflow.PasswordResetProcess.VAR_RESET_LINK;
import static org.resetflow.PasswordResetProcess.VAR_RESET_MAIL_KEY;
import static org.resetflow.PasswordResetProcess.VAR_TOKEN_EXPIRES_AT;
import static org.resetflow.PasswordResetProcess.VAR_TOKEN_LIFETIME;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.variable.Variables;
import org.resetflow.config.ResetFlowProperties;
import org.resetflow.mail.SentMails;
import org.springframework.stereotype.Component;

/**
 * "Issue token": stores the hash and hands the link to "Send reset mail" as a transient variable, which dies with
 * this transaction. The link is built from the configured public base URL only.
 *
 * <p>The link is keyed by the job that runs this step. If that job mailed the link and then failed (the node killed
 * after the mail server's acceptance, the database gone before the commit), its rerun derives the same link, with
 * the expiry the mail told (from the sent-mail ledger), and "Send reset mail" does not mail it again: the user's one
 * mail keeps working. A new job (an admin restarting the step in Cockpit) is a new link and a new mail.
 */
@Component
class IssueTokenDelegate implements JavaDelegate {

    private final ResetTokens resetTokens;
    private final SentMails sentMails;
    private final ResetFlowProperties properties;
    private final Clock clock;

    IssueTokenDelegate(ResetTokens resetTokens, SentMails sentMails, ResetFlowProperties properties, Clock clock) {
        this.resetTokens = resetTokens;
        this.sentMails = sentMails;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String accountId = (String) execution.getVariable(VAR_ACCOUNT_ID);
        Duration lifetime = Duration.parse((String) execution.getVariable(VAR_TOKEN_LIFETIME));
        String processInstanceId = execution.getProcessInstanceId();
        String mailKey = SentMails.resetLinkKey(currentJobOr(execution.getActivityInstanceId()));
        Optional<SentMails.SentMail> mailed = sentMails.find(processInstanceId, mailKey);
        Instant expiresAt = mailed.map(SentMails.SentMail::linkExpiresAt)
                .orElseGet(() -> clock.instant().plus(lifetime));

        IssuedToken token = resetTokens.issue(processInstanceId, mailKey, accountId, expiresAt,
                mailed.map(SentMails.SentMail::sentAt).orElse(null));

        execution.setVariable(VAR_TOKEN_EXPIRES_AT, Date.from(token.expiresAt()));
        execution.setVariable(VAR_RESET_LINK, Variables.stringValue(ResetLinks.link(properties, token), true));
        execution.setVariable(VAR_RESET_MAIL_KEY, Variables.stringValue(mailKey, true));
        execution.setVariable(VAR_REPLACED_RESET, Variables.stringValue(token.replacedReset(), true));
    }

    /**
     * The id of the job running this step: the same on every rerun of it. Without a job (the model lost its
     * asynchronous continuation) nothing reruns the step, and any key unique to this run will do.
     */
    private static String currentJobOr(String fallback) {
        CommandContext commandContext = Context.getCommandContext();
        JobEntity job = commandContext == null ? null : commandContext.getCurrentJob();
        return job != null ? job.getId() : fallback;
    }
}

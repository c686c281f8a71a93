package org.resetflow.token;

import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;
import static org.resetflow.PasswordResetProcess.VAR_REPLACED_RESET;
import static org.resetflow.PasswordResetProcess.VAR_RESET_LINK;
import static org.resetflow.PasswordResetProcess.VAR_TOKEN_EXPIRES_AT;
import static org.resetflow.PasswordResetProcess.VAR_TOKEN_LIFETIME;

import java.time.Duration;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.resetflow.config.ResetFlowProperties;
import org.springframework.stereotype.Component;

/**
 * "Issue token": stores the hash and hands the link to "Send reset mail" as a transient variable, which dies with
 * this transaction. The link is built from the configured public base URL only.
 */
@Component
class IssueTokenDelegate implements JavaDelegate {

    private final ResetTokens resetTokens;
    private final ResetFlowProperties properties;

    IssueTokenDelegate(ResetTokens resetTokens, ResetFlowProperties properties) {
        this.resetTokens = resetTokens;
        this.properties = properties;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String accountId = (String) execution.getVariable(VAR_ACCOUNT_ID);
        Duration lifetime = Duration.parse((String) execution.getVariable(VAR_TOKEN_LIFETIME));

        IssuedToken token = resetTokens.issue(execution.getProcessInstanceId(), accountId, lifetime);

        execution.setVariable(VAR_TOKEN_EXPIRES_AT, Date.from(token.expiresAt()));
        execution.setVariable(VAR_RESET_LINK, Variables.stringValue(ResetLinks.link(properties, token), true));
        execution.setVariable(VAR_REPLACED_RESET, Variables.stringValue(token.replacedReset(), true));
    }
}

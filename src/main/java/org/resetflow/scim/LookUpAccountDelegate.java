package org.resetflow.scim;

import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_DISPLAY_NAME;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ELIGIBLE;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_EMAIL;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_USER_NAME;
import static org.resetflow.PasswordResetProcess.VAR_IDENTIFIER;
import static org.resetflow.PasswordResetProcess.VAR_INELIGIBLE_REASON;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** "Look up account": finds the one active account the identifier names, or records why there is none. */
@Component
class LookUpAccountDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(LookUpAccountDelegate.class);

    private final AccountLookup accountLookup;

    LookUpAccountDelegate(AccountLookup accountLookup) {
        this.accountLookup = accountLookup;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String identifier = (String) execution.getVariable(VAR_IDENTIFIER);

        AccountLookup.Result result = accountLookup.lookUp(identifier);

        execution.setVariable(VAR_ACCOUNT_ELIGIBLE, result.eligible());
        if (result.eligible()) {
            DirectoryAccount account = result.account();
            execution.setVariable(VAR_ACCOUNT_ID, account.id());
            execution.setVariable(VAR_ACCOUNT_USER_NAME, account.userName());
            execution.setVariable(VAR_ACCOUNT_EMAIL, account.email());
            execution.setVariable(VAR_ACCOUNT_DISPLAY_NAME, account.displayName());
        } else {
            execution.setVariable(VAR_INELIGIBLE_REASON, result.ineligibleReason());
            log.info("Reset {} ends without a mail: {}", execution.getProcessInstanceId(), result.ineligibleReason());
        }
    }
}

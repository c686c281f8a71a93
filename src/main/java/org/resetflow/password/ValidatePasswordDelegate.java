package org.resetflow.password;

import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_EMAIL;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_USER_NAME;
import static org.resetflow.PasswordResetProcess.VAR_CONFIRM_PASSWORD;
import static org.resetflow.PasswordResetProcess.VAR_FAILED_ATTEMPTS;
import static org.resetflow.PasswordResetProcess.VAR_NEW_PASSWORD;
import static org.resetflow.PasswordResetProcess.VAR_PASSWORD_ACCEPTABLE;
import static org.resetflow.PasswordResetProcess.VAR_REJECTION_DETAIL;
import static org.resetflow.PasswordResetProcess.VAR_REJECTION_REASON;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Validate password": applies the local rules; a rejection counts as a failed attempt and keeps its reason. */
@Component
class ValidatePasswordDelegate implements JavaDelegate {

    private final PasswordPolicy passwordPolicy;

    ValidatePasswordDelegate(PasswordPolicy passwordPolicy) {
        this.passwordPolicy = passwordPolicy;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String password = (String) execution.getVariable(VAR_NEW_PASSWORD);
        String confirmation = (String) execution.getVariable(VAR_CONFIRM_PASSWORD);
        String userName = (String) execution.getVariable(VAR_ACCOUNT_USER_NAME);
        String email = (String) execution.getVariable(VAR_ACCOUNT_EMAIL);
        String accountId = (String) execution.getVariable(VAR_ACCOUNT_ID);

        PasswordCheck check = passwordPolicy.check(password, confirmation, userName, email,
                passwordPolicy.directoryRules(accountId));

        execution.setVariable(VAR_PASSWORD_ACCEPTABLE, check.acceptable());
        execution.setVariable(VAR_REJECTION_REASON, check.reason());
        execution.setVariable(VAR_REJECTION_DETAIL, check.detail());
        if (!check.acceptable()) {
            Number failed = (Number) execution.getVariable(VAR_FAILED_ATTEMPTS);
            execution.setVariable(VAR_FAILED_ATTEMPTS, (failed == null ? 0 : failed.intValue()) + 1);
        }
    }
}

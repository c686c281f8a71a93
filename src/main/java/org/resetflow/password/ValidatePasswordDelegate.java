package org.resetflow.password;

import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_EMAIL;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_USER_NAME;
import static org.resetflow.PasswordResetProcess.VAR_CHECK_BREACHED_PASSWORDS;
import static org.resetflow.PasswordResetProcess.VAR_FAILED_ATTEMPTS;
import static org.resetflow.PasswordResetProcess.VAR_PASSWORD_ACCEPTABLE;
import static org.resetflow.PasswordResetProcess.VAR_REJECTION_DETAIL;
import static org.resetflow.PasswordResetProcess.VAR_REJECTION_REASON;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.token.ResetTokens;
import org.springframework.stereotype.Component;

/**
 * "Validate password": applies the local rules (and, if the process decided so, the breached-password check) to the
 * password the public page handed over; a rejection counts as a failed attempt and keeps its reason. Without the page's hand-over it refuses to run (see {@link PasswordHandover}).
 * It is the last step before "Set password", so it also asks once more whether the link is still within its
 * lifetime: a link that expired while the submission waited writes nothing and burns no attempt.
 */
@Component
class ValidatePasswordDelegate implements JavaDelegate {

    private final PasswordPolicy passwordPolicy;
    private final PasswordHandover handover;
    private final ResetTokens resetTokens;

    ValidatePasswordDelegate(PasswordPolicy passwordPolicy, PasswordHandover handover, ResetTokens resetTokens) {
        this.passwordPolicy = passwordPolicy;
        this.handover = handover;
        this.resetTokens = resetTokens;
    }

    @Override
    public void execute(DelegateExecution execution) {
        PasswordHandover.Submitted submitted = handover.require(execution.getProcessInstanceId());
        if (submitted.alreadyAccepted()) {
            // The directory took this password before the page's transaction failed: only the ending is left.
            execution.setVariable(VAR_PASSWORD_ACCEPTABLE, true);
            return;
        }
        String userName = (String) execution.getVariable(VAR_ACCOUNT_USER_NAME);
        String email = (String) execution.getVariable(VAR_ACCOUNT_EMAIL);
        String accountId = (String) execution.getVariable(VAR_ACCOUNT_ID);

        // Decided per reset by "Decide password checks" (password-checks.dmn); a reset started before that step
        // existed has no decision and gets the check.
        boolean checkBreached = !Boolean.FALSE.equals(execution.getVariable(VAR_CHECK_BREACHED_PASSWORDS));

        PasswordCheck check = passwordPolicy.check(submitted.password(), submitted.confirmation(), userName, email,
                passwordPolicy.directoryRules(accountId), checkBreached, submitted.breach());

        // After every wait (the directory's rules, a breach check, the row lock) and before anything is counted or
        // written: the whole submission rolls back, and the page says the link is no longer valid.
        if (!resetTokens.hasUnexpiredLink(execution.getProcessInstanceId())) {
            throw new LinkExpiredException(execution.getProcessInstanceId());
        }

        execution.setVariable(VAR_PASSWORD_ACCEPTABLE, check.acceptable());
        execution.setVariable(VAR_REJECTION_REASON, check.reason());
        execution.setVariable(VAR_REJECTION_DETAIL, check.detail());
        if (!check.acceptable()) {
            Number failed = (Number) execution.getVariable(VAR_FAILED_ATTEMPTS);
            execution.setVariable(VAR_FAILED_ATTEMPTS, (failed == null ? 0 : failed.intValue()) + 1);
        }
    }
}

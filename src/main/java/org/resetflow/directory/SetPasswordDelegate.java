package org.resetflow.directory;

import static org.resetflow.PasswordResetProcess.ERROR_ACCOUNT_GONE;
import static org.resetflow.PasswordResetProcess.ERROR_PASSWORD_REJECTED;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;
import static org.resetflow.PasswordResetProcess.VAR_FAILED_ATTEMPTS;
import static org.resetflow.PasswordResetProcess.VAR_PASSWORD_ACCEPTABLE;
import static org.resetflow.PasswordResetProcess.VAR_REJECTION_DETAIL;
import static org.resetflow.PasswordResetProcess.VAR_REJECTION_REASON;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.password.PasswordHandover;
import org.springframework.stereotype.Component;

/**
 * "Set password": hands the password the public page handed over to {@link PasswordChanges}, which writes it to the
 * directory at most once and uses up the link, in the transaction of the page's submission. Without the page's
 * hand-over it refuses to run ({@link PasswordHandover}). A policy refusal and a vanished account are business
 * outcomes (BPMN errors); anything else is an exception that rolls the submission back.
 */
@Component
class SetPasswordDelegate implements JavaDelegate {

    static final String REASON_DIRECTORY = "directory";

    private final PasswordChanges passwordChanges;
    private final PasswordHandover handover;

    SetPasswordDelegate(PasswordChanges passwordChanges, PasswordHandover handover) {
        this.passwordChanges = passwordChanges;
        this.handover = handover;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String resetId = execution.getProcessInstanceId();
        String accountId = (String) execution.getVariable(VAR_ACCOUNT_ID);
        PasswordHandover.Submitted submitted = handover.require(resetId);

        PasswordChanges.Refusal refusal;
        try {
            refusal = passwordChanges.apply(resetId, accountId, submitted);
        } catch (AccountGoneException gone) {
            // The process ends at "Account gone"; with no wait state left the link opens nothing any more.
            throw new BpmnError(ERROR_ACCOUNT_GONE, gone.getMessage());
        }

        if (refusal != null) {
            Number failed = (Number) execution.getVariable(VAR_FAILED_ATTEMPTS);
            int counted = (failed == null ? 0 : failed.intValue()) + (refusal.countsAsAttempt() ? 1 : 0);
            execution.setVariable(VAR_PASSWORD_ACCEPTABLE, false);
            execution.setVariable(VAR_REJECTION_REASON, REASON_DIRECTORY);
            // Already scrubbed of the password in every encoding, before it was cut (DirectoryText).
            execution.setVariable(VAR_REJECTION_DETAIL, refusal.reason());
            execution.setVariable(VAR_FAILED_ATTEMPTS, counted);
            throw new BpmnError(ERROR_PASSWORD_REJECTED, "The directory rejected the new password");
        }
    }
}

package org.resetflow.scim;

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
import org.resetflow.token.ResetTokens;
import org.springframework.stereotype.Component;

/**
 * "Set password": writes the password the public page handed over to the directory, then uses up the link, both in
 * the transaction of the page's submission. Without the page's hand-over it refuses to run ({@link PasswordHandover}). A policy refusal and a vanished account are business outcomes (BPMN errors); anything
 * else is an exception that rolls the completion back.
 */
@Component
class SetPasswordDelegate implements JavaDelegate {

    static final String REASON_DIRECTORY = "directory";

    private final Directory directory;
    private final ResetTokens resetTokens;
    private final PasswordHandover handover;

    SetPasswordDelegate(Directory directory, ResetTokens resetTokens, PasswordHandover handover) {
        this.directory = directory;
        this.resetTokens = resetTokens;
        this.handover = handover;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String accountId = (String) execution.getVariable(VAR_ACCOUNT_ID);
        String password = handover.require(execution.getProcessInstanceId()).password();

        try {
            directory.setPassword(accountId, password);
        } catch (PasswordRejectedByDirectoryException rejected) {
            Number failed = (Number) execution.getVariable(VAR_FAILED_ATTEMPTS);
            execution.setVariable(VAR_PASSWORD_ACCEPTABLE, false);
            execution.setVariable(VAR_REJECTION_REASON, REASON_DIRECTORY);
            // Already scrubbed of the password in every encoding, before it was cut (DirectoryText).
            execution.setVariable(VAR_REJECTION_DETAIL, rejected.reason());
            execution.setVariable(VAR_FAILED_ATTEMPTS, (failed == null ? 0 : failed.intValue()) + 1);
            throw new BpmnError(ERROR_PASSWORD_REJECTED, "The directory rejected the new password");
        } catch (AccountGoneException gone) {
            // The process ends at "Account gone"; with no task left the link opens nothing any more.
            throw new BpmnError(ERROR_ACCOUNT_GONE, gone.getMessage());
        }
        resetTokens.consume(execution.getProcessInstanceId());
    }
}

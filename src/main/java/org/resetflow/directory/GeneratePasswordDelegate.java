package org.resetflow.directory;

import static org.resetflow.PasswordResetProcess.ERROR_ACCOUNT_GONE;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.password.GeneratedPasswordHandover;
import org.resetflow.password.PasswordHandover;
import org.springframework.stereotype.Component;

/**
 * "Generate password", the helpdesk's generated-password reset: asks the directory to generate the account's new
 * password, in the transaction of the owner's confirmation on the public page, and hands it to that page in memory
 * ({@link GeneratedPasswordHandover}), which shows it once. It is never a variable. Without the page's hand-over and
 * a page waiting to show the result, it refuses before the directory is asked. A vanished account is a business
 * outcome (BPMN error); any other failure rolls the confirmation back and the link stays valid.
 */
@Component
class GeneratePasswordDelegate implements JavaDelegate {

    private final PasswordChanges passwordChanges;
    private final PasswordHandover handover;
    private final GeneratedPasswordHandover generatedHandover;

    GeneratePasswordDelegate(PasswordChanges passwordChanges, PasswordHandover handover,
                             GeneratedPasswordHandover generatedHandover) {
        this.passwordChanges = passwordChanges;
        this.handover = handover;
        this.generatedHandover = generatedHandover;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String resetId = execution.getProcessInstanceId();
        PasswordHandover.Submitted submitted = handover.require(resetId);
        if (!submitted.alreadyAccepted()) {
            generatedHandover.requireWaitingPage(resetId);
        }
        String generated;
        try {
            generated = passwordChanges.generate(resetId, (String) execution.getVariable(VAR_ACCOUNT_ID), submitted);
        } catch (AccountGoneException gone) {
            throw new BpmnError(ERROR_ACCOUNT_GONE, gone.getMessage());
        }
        if (generated != null) {
            // At once, before the link is used up: should this transaction fail now, the directory has already
            // made this the account's password, and the page still shows it.
            generatedHandover.hand(resetId, generated);
        }
        passwordChanges.finishGenerated(resetId);
    }
}

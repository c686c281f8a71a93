package org.resetflow.directory;

import static org.resetflow.PasswordResetProcess.ERROR_ACCOUNT_GONE;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.password.PasswordHandover;
import org.resetflow.token.ResetTokens;
import org.springframework.stereotype.Component;

/**
 * "Unlock account", the self-service unlock: ends the account's lockout ({@link Directory#unlock}) and uses up the
 * link, in the transaction of the owner's press on the page behind the link, so the page can say it is done. The
 * password stays as it is. Without the page's hand-over ({@link PasswordHandover}) it refuses before the directory is
 * asked: an engine call (REST, Cockpit, a modification) must not skip the link's checks. A vanished account is a
 * business outcome (BPMN error); any other failure rolls the press back and the link stays valid. Unlocking twice
 * is harmless, so unlike a password write nothing needs recording outside the transaction.
 */
@Component
class UnlockAccountDelegate implements JavaDelegate {

    private final Directory directory;
    private final PasswordHandover handover;
    private final ResetTokens resetTokens;

    UnlockAccountDelegate(Directory directory, PasswordHandover handover, ResetTokens resetTokens) {
        this.directory = directory;
        this.handover = handover;
        this.resetTokens = resetTokens;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String resetId = execution.getProcessInstanceId();
        if (handover.require(resetId).password() != null) {
            // A password typed for this link never unlocks: the unlock page sends none, so this came some other way.
            throw new AuthorizationException("An unlock link takes no password (reset " + resetId + ")");
        }
        try {
            directory.unlock((String) execution.getVariable(VAR_ACCOUNT_ID));
        } catch (AccountGoneException gone) {
            // The process ends at "Account gone before unlocking"; with no wait state left the link opens nothing.
            throw new BpmnError(ERROR_ACCOUNT_GONE, gone.getMessage());
        }
        resetTokens.consume(resetId);
    }
}

package org.resetflow.helpdesk;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.directory.AccountLookup;
import org.springframework.stereotype.Component;

/**
 * "Look up account" in helpdesk-reset, once per account name the helpdesk entered: the same rules as a self-service
 * request's identifier (user name, e-mail, UPN; two matches are none). The account goes to the call of
 * password-reset in memory ({@link ResetAccountHandover}).
 */
@Component
class LookUpHelpdeskAccountDelegate implements JavaDelegate {

    private final AccountLookup accountLookup;
    private final HelpdeskProperties properties;

    LookUpHelpdeskAccountDelegate(AccountLookup accountLookup, HelpdeskProperties properties) {
        this.accountLookup = accountLookup;
        this.properties = properties;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String name = ((String) execution.getVariable(HelpdeskResetProcess.VAR_ACCOUNT_NAME)).trim();
        ResetAccountHandover.handOver(execution, accountLookup.lookUp(name), properties.privilegedGroup());
    }
}

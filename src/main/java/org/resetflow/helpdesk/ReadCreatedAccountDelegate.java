package org.resetflow.helpdesk;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.directory.AccountLookup;
import org.springframework.stereotype.Component;

/**
 * "Read created account" in account-activation: the account this instance's "Create account" created, read by the
 * id it got back ({@code GET /Users/{id}}), and by nothing else. Never the name the helpdesk typed: a name could be
 * an existing account's (an admin's), which would then get an activation link, and with it a password, without
 * anyone's approval. No id, no account.
 */
@Component
class ReadCreatedAccountDelegate implements JavaDelegate {

    /** An activation that created no account: there is nobody to send its link to. */
    static final String REASON_NO_ACCOUNT_CREATED = "no-account-created";

    private final AccountLookup accountLookup;
    private final HelpdeskProperties properties;

    ReadCreatedAccountDelegate(AccountLookup accountLookup, HelpdeskProperties properties) {
        this.accountLookup = accountLookup;
        this.properties = properties;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object id = execution.getVariable(AccountActivationProcess.VAR_CREATED_ACCOUNT_ID);
        AccountLookup.Result result = id instanceof String accountId && !accountId.isBlank()
                ? accountLookup.byId(accountId)
                : AccountLookup.Result.ineligible(REASON_NO_ACCOUNT_CREATED);
        ResetAccountHandover.handOver(execution, result, properties.privilegedGroup());
    }
}

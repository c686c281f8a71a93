package org.resetflow.request;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.resetflow.scim.AccountLookup;
import org.springframework.stereotype.Component;

/**
 * "Look up accounts": reads the batch's requests by the batch's id and asks the directory for all their identifiers
 * together. The results go to "Start resets for accounts" as a transient variable in the same job, so neither what
 * was typed nor an account of the batch is ever persisted here. A directory failure fails the whole job: its retries
 * and then one incident are the batch's, and the rows stay in the inbox for the retry.
 */
@Component
class LookUpAccountsDelegate implements JavaDelegate {

    private final PendingLookups inbox;
    private final AccountLookup accountLookup;

    LookUpAccountsDelegate(PendingLookups inbox, AccountLookup accountLookup) {
        this.inbox = inbox;
        this.accountLookup = accountLookup;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String batchId = (String) execution.getVariable(RequestIntakeProcess.VAR_BATCH_ID);
        List<PendingLookups.Pending> requests = inbox.batch(batchId);
        List<AccountLookup.Result> results = accountLookup.lookUpAll(
                requests.stream().map(PendingLookups.Pending::identifier).toList());
        if (results.size() != requests.size()) {
            throw new IllegalStateException("The directory look-up answered " + results.size() + " results for "
                    + requests.size() + " identifiers");
        }
        List<LookedUp> lookedUp = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            lookedUp.add(new LookedUp(requests.get(i), results.get(i)));
        }
        execution.setVariable(RequestIntakeProcess.VAR_LOOKED_UP, Variables.objectValue(lookedUp, true).create());
    }

    /** A request of the batch and its account, or why it has none. */
    record LookedUp(PendingLookups.Pending request, AccountLookup.Result result) {
    }
}

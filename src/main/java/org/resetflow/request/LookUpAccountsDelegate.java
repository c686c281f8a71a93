package org.resetflow.request;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.directory.AccountLookup;
import org.springframework.stereotype.Component;

/**
 * "Look up accounts": reads the batch's requests by the batch's id and asks the directory for all their identifiers
 * together. The results go to "Start resets for accounts" in memory, in the same job ({@link LookedUpBatches}), so
 * neither what was typed nor an account of the batch is ever persisted here. A directory failure fails the whole job: its retries
 * and then one incident are the batch's, and the rows stay in the inbox for the retry.
 */
@Component
class LookUpAccountsDelegate implements JavaDelegate {

    private final PendingLookups inbox;
    private final AccountLookup accountLookup;
    private final LookedUpBatches lookedUpBatches;

    LookUpAccountsDelegate(PendingLookups inbox, AccountLookup accountLookup, LookedUpBatches lookedUpBatches) {
        this.inbox = inbox;
        this.accountLookup = accountLookup;
        this.lookedUpBatches = lookedUpBatches;
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
        List<LookedUpBatches.LookedUp> lookedUp = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            lookedUp.add(new LookedUpBatches.LookedUp(requests.get(i), results.get(i)));
        }
        lookedUpBatches.hold(batchId, lookedUp);
    }
}

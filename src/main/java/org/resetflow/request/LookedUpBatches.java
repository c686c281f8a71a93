package org.resetflow.request;

import java.util.List;
import org.resetflow.directory.AccountLookup;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Hands a batch's look-up results from "Look up accounts" to "Start resets for accounts", in memory and within the
 * one transaction that runs both: bound to that transaction and dropped when it ends, committed or rolled back. Not
 * a process variable, not even a transient one: the engine serializes every object value it is given, transient or
 * not, and Java serialization is switched off. So the accounts of a batch and the reasons of its misses are never
 * stored, and "Start resets for accounts" cannot run without the look-up in the same transaction.
 */
@Component
class LookedUpBatches {

    /** A request of the batch and its account, or why it has none. */
    record LookedUp(PendingLookups.Pending request, AccountLookup.Result result) {
    }

    void hold(String batchId, List<LookedUp> lookedUp) {
        String key = key(batchId);
        if (TransactionSynchronizationManager.hasResource(key)) {
            TransactionSynchronizationManager.unbindResource(key);
        }
        TransactionSynchronizationManager.bindResource(key, List.copyOf(lookedUp));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
        });
    }

    @SuppressWarnings("unchecked")
    List<LookedUp> take(String batchId) {
        Object held = TransactionSynchronizationManager.unbindResourceIfPossible(key(batchId));
        if (held == null) {
            throw new IllegalStateException("Batch " + batchId + " reached its starts without its look-up in the "
                    + "same transaction");
        }
        return (List<LookedUp>) held;
    }

    private static String key(String batchId) {
        return LookedUpBatches.class.getName() + ":" + batchId;
    }
}

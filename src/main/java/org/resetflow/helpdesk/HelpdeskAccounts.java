package org.resetflow.helpdesk;

import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Reads the account names the helpdesk entered in the start form into the list the call activity runs over, from
 * the model's expression {@code ${helpdeskAccounts.names(accountNames)}}: evaluated when needed, so no list variable
 * (which would need a serialization format) is stored. Public because the expression language calls it by reflection.
 */
@Component("helpdeskAccounts")
public class HelpdeskAccounts {

    /**
     * Who gets a reset link: after "Revoke passwords" only the accounts whose password was replaced, else every
     * account entered.
     */
    public List<String> linkRecipients(org.camunda.bpm.engine.delegate.VariableScope execution) {
        Object revoked = execution.getVariable(HelpdeskResetProcess.VAR_REVOKED_ACCOUNTS);
        return names((String) (revoked != null ? revoked : execution.getVariable(HelpdeskResetProcess.VAR_ACCOUNT_NAMES)));
    }

    /**
     * The condition of "Every account has an outcome": each link recipient's line is in the summary, "link sent" or
     * how its reset ended. With no recipient at all (every revoke refused) it holds at once.
     */
    public boolean everyOutcomeKnown(org.camunda.bpm.engine.delegate.VariableScope execution) {
        return AccountSummary.coversEvery((String) execution.getVariable(HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY),
                linkRecipients(execution));
    }

    /** Trimmed, non-empty, each once, in the order entered; at most {@link HelpdeskResetProcess#MAX_ACCOUNTS}. */
    public List<String> names(String entered) {
        List<String> names = entered == null ? List.of() : Arrays.stream(entered.split("[\\r\\n,;]+"))
                .map(String::trim).filter(name -> !name.isEmpty()).distinct().toList();
        if (names.size() > HelpdeskResetProcess.MAX_ACCOUNTS) {
            throw new IllegalArgumentException("At most " + HelpdeskResetProcess.MAX_ACCOUNTS
                    + " accounts per request; " + names.size() + " were entered");
        }
        return names;
    }
}

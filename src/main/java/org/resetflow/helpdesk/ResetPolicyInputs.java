package org.resetflow.helpdesk;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * What "Decide reset policy" and "Approve reset" read from the configuration and the account's recent resets,
 * called by name from the model's expressions ({@code ${resetPolicyInputs.recentRequests(accountId)}}). Public because the
 * engine's expression language calls it by reflection.
 */
@Component("resetPolicyInputs")
public class ResetPolicyInputs {

    private final HelpdeskProperties properties;
    private final RecentResets recentResets;
    private final HelpdeskAccounts accounts;

    ResetPolicyInputs(HelpdeskProperties properties, RecentResets recentResets, HelpdeskAccounts accounts) {
        this.properties = properties;
        this.recentResets = recentResets;
        this.accounts = accounts;
    }

    /** The directory group the policy treats as privileged. */
    public String privilegedGroup() {
        return properties.privilegedGroup();
    }

    /** The engine group that approves resets. */
    public String helpdeskGroup() {
        return properties.groups().helpdesk();
    }

    /**
     * Earlier resets of this account that reached the policy within the window; this one is recorded for the next
     * ones, not counted. Only resets that found the account count: requests for names that match nothing say nothing
     * about this account. The model asks once per reset, as the input of "Decide reset policy".
     */
    public long recentRequests(String accountId) {
        return recentResets.countEarlierAndRecord(accountId);
    }

    /**
     * Whether the helpdesk's "Revoke and reset" replaced this account's password before this reset: the calling
     * helpdesk request names the account among its revoked ones (set by "Revoke passwords", guarded). Read from the
     * caller, not passed in by the helpdesk model, so nothing an engine user starts or sets can claim it; the policy
     * table then chooses the mail that says so.
     */
    public boolean passwordRevoked(DelegateExecution execution) {
        DelegateExecution caller = execution.getProcessInstance().getSuperExecution();
        if (caller == null
                || !(caller.getVariable(HelpdeskResetProcess.VAR_REVOKED_ACCOUNTS) instanceof String revoked)
                || !(caller.getVariable(HelpdeskResetProcess.VAR_ACCOUNT_NAME) instanceof String name)) {
            return false;
        }
        List<String> names = accounts.names(revoked);
        return names.contains(name.trim());
    }
}

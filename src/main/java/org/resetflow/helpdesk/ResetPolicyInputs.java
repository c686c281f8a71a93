package org.resetflow.helpdesk;

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

    ResetPolicyInputs(HelpdeskProperties properties, RecentResets recentResets) {
        this.properties = properties;
        this.recentResets = recentResets;
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
}

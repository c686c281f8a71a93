package org.resetflow.helpdesk;

import static org.resetflow.PasswordResetProcess.PROCESS_KEY;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;

import java.time.Clock;
import java.util.Date;
import org.camunda.bpm.engine.HistoryService;
import org.springframework.stereotype.Component;

/**
 * What "Decide reset policy" and "Approve reset" read from the configuration and the engine's history, called by
 * name from the model's expressions ({@code ${resetPolicyInputs.recentRequests(accountId)}}). Public because the
 * engine's expression language calls it by reflection.
 */
@Component("resetPolicyInputs")
public class ResetPolicyInputs {

    private final HelpdeskProperties properties;
    private final HistoryService historyService;
    private final Clock clock;

    ResetPolicyInputs(HelpdeskProperties properties, HistoryService historyService, Clock clock) {
        this.properties = properties;
        this.historyService = historyService;
        this.clock = clock;
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
     * Earlier resets of this account started within the window (this one is not counted: its account id is written
     * in the same transaction). Only resets that found the account count: requests for names that match nothing
     * say nothing about this account.
     */
    public long recentRequests(String accountId) {
        Date since = Date.from(clock.instant().minus(properties.recentRequestsWindow()));
        return historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(PROCESS_KEY)
                .variableValueEquals(VAR_ACCOUNT_ID, accountId)
                .startedAfter(since)
                .count();
    }
}

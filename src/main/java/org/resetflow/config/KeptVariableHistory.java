package org.resetflow.config;

import static org.resetflow.PasswordResetProcess.PROCESS_KEY;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_DISPLAY_NAME;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_EMAIL;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_LANGUAGE;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_TIME_ZONE;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_USER_NAME;
import static org.resetflow.PasswordResetProcess.VAR_APPROVAL_COMMENT;
import static org.resetflow.PasswordResetProcess.VAR_APPROVAL_DECISION;
import static org.resetflow.PasswordResetProcess.VAR_CHANNEL;
import static org.resetflow.PasswordResetProcess.VAR_CLIENT_ADDRESS;
import static org.resetflow.PasswordResetProcess.VAR_FAILED_ATTEMPTS;
import static org.resetflow.PasswordResetProcess.VAR_INELIGIBLE_REASON;
import static org.resetflow.PasswordResetProcess.VAR_REJECTION_REASON;
import static org.resetflow.PasswordResetProcess.VAR_REQUESTED_AT;
import static org.resetflow.PasswordResetProcess.VAR_REQUEST_LANGUAGE;

import java.util.Set;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;

/**
 * The engine's own history writer, minus the variables of a password reset that nobody reads once it is over. Each
 * variable a reset sets costs a history row; most of them steer the reset (eligible, lifetime, attempts, approval
 * needed, the decision's inputs) and are shown, while the reset runs, by Cockpit from the runtime tables, and after
 * it in the decision history. History keeps only what an admin asks of an ended reset (which channel, which account,
 * from where and when, how it ended: the reason nothing was sent, the rejected attempts, the helpdesk's decision) and
 * what the late confirmation mail of a reset that ended in a race reads from it (password.PasswordSubmissions: the
 * address, name, languages, time zone, request time and network).
 *
 * <p>Every event of a dropped variable (create, update, delete) is dropped alike, so no update looks for a row that
 * was never written. Variables of every other process (the helpdesk's requests and their summaries) are all kept.
 */
final class KeptVariableHistory extends DbHistoryEventHandler {

    static final Set<String> KEPT = Set.of(VAR_CHANNEL, VAR_CLIENT_ADDRESS, VAR_REQUESTED_AT, VAR_REQUEST_LANGUAGE,
            VAR_ACCOUNT_ID, VAR_ACCOUNT_USER_NAME, VAR_ACCOUNT_EMAIL, VAR_ACCOUNT_DISPLAY_NAME, VAR_ACCOUNT_LANGUAGE,
            VAR_ACCOUNT_TIME_ZONE, VAR_INELIGIBLE_REASON, VAR_FAILED_ATTEMPTS, VAR_REJECTION_REASON,
            VAR_APPROVAL_DECISION, VAR_APPROVAL_COMMENT);

    @Override
    public void handleEvent(HistoryEvent event) {
        if (event instanceof HistoricVariableUpdateEventEntity variable
                && PROCESS_KEY.equals(variable.getProcessDefinitionKey())
                && !KEPT.contains(variable.getVariableName())) {
            return;
        }
        super.handleEvent(event);
    }
}

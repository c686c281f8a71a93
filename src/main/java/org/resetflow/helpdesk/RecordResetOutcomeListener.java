package org.resetflow.helpdesk;

import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_ACCOUNT_NAME;
import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY;
import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_RESET_END;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.resetflow.PasswordResetProcess;
import org.springframework.stereotype.Component;

/**
 * Ends each call of "Send reset link": sets the account's line in the summary the helpdesk reviews last, saying
 * whether it is done, not found, or refused, and why; a "link sent" line that {@link ReportLinkSentDelegate} wrote
 * while the link waited is replaced by how it ended. The calls run side by side; their jobs take turns
 * (jobExecutorAcquireExclusiveOverProcessHierarchies), so two never write the summary at once.
 */
@Component
class RecordResetOutcomeListener implements ExecutionListener {

    private final HelpdeskAccounts helpdeskAccounts;

    RecordResetOutcomeListener(HelpdeskAccounts helpdeskAccounts) {
        this.helpdeskAccounts = helpdeskAccounts;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String account = (String) execution.getVariable(VAR_ACCOUNT_NAME);
        String end = (String) execution.getVariableLocal(VAR_RESET_END);
        String reason = (String) execution.getVariableLocal(PasswordResetProcess.VAR_INELIGIBLE_REASON);
        Object revoked = execution.getVariable(HelpdeskResetProcess.VAR_REVOKED_ACCOUNTS);
        boolean generated = HelpdeskResetProcess.OPERATION_GENERATED_PASSWORD.equals(
                execution.getVariable(HelpdeskResetProcess.VAR_OPERATION));
        String outcome = (revoked == null ? "" : "password revoked; ")
                + (generated && "EndEvent_PasswordReset".equals(end)
                        ? "done (link sent; the directory generated the password and showed it to the owner once)"
                        : outcome(end, reason));
        DelegateExecution request = execution.getProcessInstance();
        request.setVariable(VAR_ACCOUNT_SUMMARY, AccountSummary.withOutcome(
                (String) request.getVariable(VAR_ACCOUNT_SUMMARY), account, outcome,
                helpdeskAccounts.linkRecipients(request)));
    }

    static String outcome(String end, String reason) {
        if ("EndEvent_PasswordReset".equals(end)) {
            return "done (new password set)";
        }
        if ("EndEvent_NoEligibleAccount".equals(end)) {
            return "no-match".equals(reason) ? "not found"
                    : "refused (" + (reason == null ? "not eligible" : reason) + ")";
        }
        return switch (end == null ? "" : end) {
            case "EndEvent_TokenExpired" -> "link sent, expired unused";
            case "EndEvent_Superseded" -> "link sent, replaced by a newer request";
            case "EndEvent_TooManyAttempts" -> "link sent, burned after too many rejected passwords";
            case "EndEvent_ResetRejected" -> "refused (rejected in the helpdesk's approval)";
            case "EndEvent_ApprovalExpired" -> "refused (approval not given in time; the owner was told)";
            case "EndEvent_AccountGone", "EndEvent_GeneratedAccountGone" ->
                    "not found (the account was deleted meanwhile)";
            default -> "ended at " + (end.isEmpty() ? "an unknown step" : end);
        };
    }
}

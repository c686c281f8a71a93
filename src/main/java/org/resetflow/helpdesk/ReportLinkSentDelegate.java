package org.resetflow.helpdesk;

import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_ACCOUNT_NAME;
import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY;
import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_REVOKED_ACCOUNTS;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Tell the helpdesk: link sent" in password-reset.bpmn, right after the reset mail: a reset that a helpdesk process
 * called writes "link sent" as its account's line in that process's summary, while the link waits for its owner. A
 * call activity learns nothing before its reset ends, and a link waits up to its whole lifetime; this line is what
 * lets the helpdesk's summary come as soon as every account has an outcome. The line is replaced when the reset ends
 * ({@link RecordResetOutcomeListener}). A self-service reset has no caller and nothing happens.
 *
 * <p>Set through the engine's service rather than on the caller's execution, so the engine evaluates the caller's
 * condition "Every account has an outcome" at once. It runs in the job that mailed the link, never in a signed-in
 * user's command ("Issue token" is asynchronous).
 */
@Component
class ReportLinkSentDelegate implements JavaDelegate {

    private final HelpdeskAccounts helpdeskAccounts;
    private final RuntimeService runtimeService;

    ReportLinkSentDelegate(HelpdeskAccounts helpdeskAccounts, RuntimeService runtimeService) {
        this.helpdeskAccounts = helpdeskAccounts;
        this.runtimeService = runtimeService;
    }

    @Override
    public void execute(DelegateExecution execution) {
        DelegateExecution caller = execution.getProcessInstance().getSuperExecution();
        if (caller == null || !(caller.getVariable(VAR_ACCOUNT_NAME) instanceof String account)) {
            return;
        }
        DelegateExecution request = caller.getProcessInstance();
        String outcome = (caller.getVariable(VAR_REVOKED_ACCOUNTS) == null ? "" : "password revoked; ") + "link sent";
        runtimeService.setVariable(request.getId(), VAR_ACCOUNT_SUMMARY, AccountSummary.withOutcome(
                (String) request.getVariable(VAR_ACCOUNT_SUMMARY), account, outcome,
                helpdeskAccounts.linkRecipients(request)));
    }
}

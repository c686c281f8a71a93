package org.resetflow.helpdesk;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.resetflow.PasswordResetProcess;
import org.resetflow.directory.AccountLookup;

/**
 * Hands a looked-up account to the call of password-reset that follows in the same job: as transient local
 * variables, which the call activity's mappings read (by expression, so the called reset gets plain values, not
 * transient ones that would vanish at its first wait state) and nothing stores, so a helpdesk process keeps no copy of the
 * account's address or groups and an engine user has nothing to change between the look-up and the call. Without an
 * eligible account it leaves the reason and the end for {@link RecordResetOutcomeListener}, which writes the
 * account's line as it did when the called reset ended there.
 */
final class ResetAccountHandover {

    /** The gateway's variable: whether the call follows. */
    static final String VAR_ACCOUNT_ELIGIBLE = "accountEligible";
    /** The end the account's line reports when there is no eligible account (the reset's own word for it). */
    static final String END_NO_ELIGIBLE_ACCOUNT = "EndEvent_NoEligibleAccount";

    private ResetAccountHandover() {
    }

    static void handOver(DelegateExecution execution, AccountLookup.Result result, String privilegedGroup) {
        execution.setVariableLocal(VAR_ACCOUNT_ELIGIBLE, Variables.booleanValue(result.eligible(), true));
        if (result.eligible()) {
            for (Map.Entry<String, Object> variable : result.resetVariables(privilegedGroup).entrySet()) {
                execution.setVariableLocal(variable.getKey(), transientValue(variable.getValue()));
            }
        } else {
            execution.setVariableLocal(PasswordResetProcess.VAR_INELIGIBLE_REASON,
                    Variables.stringValue(result.ineligibleReason(), true));
            execution.setVariableLocal(HelpdeskResetProcess.VAR_RESET_END,
                    Variables.stringValue(END_NO_ELIGIBLE_ACCOUNT, true));
        }
    }

    private static TypedValue transientValue(Object value) {
        return value instanceof Boolean flag ? Variables.booleanValue(flag, true)
                : Variables.stringValue((String) value, true);
    }
}

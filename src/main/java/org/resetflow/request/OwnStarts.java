package org.resetflow.request;

import java.util.function.Supplier;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.springframework.stereotype.Component;

/**
 * Who may start a request intake or a password reset: ResetFlow's own code on this thread (the starter starts
 * intakes, an intake starts resets), or a call activity of a deployed model (helpdesk-reset, account-activation).
 * Nobody else, whatever their engine rights: a reset is started with its account already resolved, so a start over
 * REST, Cockpit or the Java API with a forged {@code accountId} would mail a link to that account. An admin is
 * refused too; the REST API answers 403 and nothing is written.
 *
 * <p>The models name this listener on their process start ({@code ${ownStarts}}), so the rule is visible where the
 * process is defined, and it holds for every way the engine starts an instance.
 */
@Component("ownStarts")
public class OwnStarts implements ExecutionListener {

    private final ThreadLocal<Boolean> starting = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** Runs {@code start} as one of ResetFlow's own starts. */
    <T> T start(Supplier<T> start) {
        boolean outer = starting.get();
        starting.set(Boolean.TRUE);
        try {
            return start.get();
        } finally {
            starting.set(outer);
        }
    }

    @Override
    public void notify(DelegateExecution execution) {
        if (execution.getProcessInstance().getSuperExecution() != null) {
            // A call is a reset of the account its caller resolved; a caller entered past that step (an admin's
            // start instruction) has none, and a reset without one would fail at every retry of "Issue token".
            if ("password-reset".equals(((ExecutionEntity) execution).getProcessDefinition().getKey())
                    && !(execution.getVariable("accountId") instanceof String id && !id.isBlank())) {
                throw new ProcessEngineException("'" + execution.getProcessDefinitionId() + "' was called without "
                        + "an account: its caller skipped the step that resolves one");
            }
            return;
        }
        if (starting.get()) {
            return;
        }
        throw new AuthorizationException("'" + execution.getProcessDefinitionId() + "' is started by ResetFlow only "
                + "(the request intake, or a helpdesk process's call activity), never over the engine's APIs");
    }
}

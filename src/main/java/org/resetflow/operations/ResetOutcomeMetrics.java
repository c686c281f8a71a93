package org.resetflow.operations;

import static org.resetflow.PasswordResetProcess.ERROR_PASSWORD_REJECTED;
import static org.resetflow.PasswordResetProcess.PROCESS_KEY;
import static org.resetflow.PasswordResetProcess.VAR_PASSWORD_ACCEPTABLE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import java.util.ArrayList;
import org.springframework.stereotype.Component;

/**
 * Counts the reset's outcomes where they happen, in the model, without touching it: a listener on each end event of
 * the password-reset process, one on "Validate password" (a refusal by the local policy) and one on the boundary
 * event that catches the directory's refusal. The model stays the one place that says what an outcome is; a new end
 * event is counted as {@code other} until {@link ResetMetrics#OUTCOMES} names it.
 */
@Component
class ResetOutcomeMetrics extends AbstractProcessEnginePlugin {

    static final String TASK_VALIDATE_PASSWORD = "Task_ValidatePassword";

    private final ResetMetrics metrics;

    ResetOutcomeMetrics(ResetMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new Listeners());
    }

    private final class Listeners extends AbstractBpmnParseListener {

        @Override
        public void parseEndEvent(Element endEventElement, ScopeImpl scope, ActivityImpl activity) {
            if (isResetProcess(activity)) {
                String id = activity.getId();
                activity.addListener(ExecutionListener.EVENTNAME_START, execution -> metrics.resetEnded(id));
            }
        }

        @Override
        public void parseServiceTask(Element serviceTaskElement, ScopeImpl scope, ActivityImpl activity) {
            if (isResetProcess(activity) && TASK_VALIDATE_PASSWORD.equals(activity.getId())) {
                activity.addListener(ExecutionListener.EVENTNAME_END, (DelegateExecution execution) -> {
                    if (Boolean.FALSE.equals(execution.getVariable(VAR_PASSWORD_ACCEPTABLE))) {
                        metrics.passwordRejected("policy");
                    }
                });
            }
        }

        @Override
        public void parseBoundaryErrorEventDefinition(Element errorEventDefinition, boolean interrupting,
                                                      ActivityImpl activity, ActivityImpl nestedErrorEventActivity) {
            String errorRef = errorEventDefinition.attribute("errorRef");
            // "activity" is the task the event is attached to ("Set password"), which every submission reaches;
            // only the boundary event itself is started by the directory's refusal.
            if (isResetProcess(activity) && ERROR_PASSWORD_REJECTED.equals(errorRef)) {
                nestedErrorEventActivity.addListener(ExecutionListener.EVENTNAME_START,
                        execution -> metrics.passwordRejected("directory"));
            }
        }

        private boolean isResetProcess(ActivityImpl activity) {
            return activity.getProcessDefinition() instanceof ProcessDefinitionEntity definition
                    && PROCESS_KEY.equals(definition.getKey());
        }
    }
}

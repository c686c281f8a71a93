package org.resetflow.helpdesk;

import static org.resetflow.PasswordResetProcess.PROCESS_KEY;
import static org.resetflow.PasswordResetProcess.PROTECTED_VARIABLE_NAMES;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * A signed-in engine user (Tasklist, the REST API, Cockpit) may not write the variables that say where a reset goes
 * and under which policy ({@code PasswordResetProcess.PROTECTED_VARIABLE_NAMES}). The helpdesk completes "Approve
 * reset" with variables of its choosing: without this, completing it with {@code accountEmail} set to another
 * address would send an admin's reset link there. ResetFlow's own code (jobs, the public pages) runs without an
 * engine user and is not affected. The call is rolled back and the REST API answers 403.
 */
@Component
class RefuseEngineUserPolicyWrites extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        handlers.add(new Guard());
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    private static final class Guard implements HistoryEventHandler {

        @Override
        public void handleEvent(HistoryEvent event) {
            if (event instanceof HistoricVariableUpdateEventEntity variable
                    && !HistoryEventTypes.VARIABLE_INSTANCE_DELETE.getEventName().equals(variable.getEventType())
                    && PROCESS_KEY.equals(variable.getProcessDefinitionKey())
                    && PROTECTED_VARIABLE_NAMES.contains(variable.getVariableName())
                    && signedInUser() != null) {
                throw new AuthorizationException("The variable '" + variable.getVariableName() + "' of a password "
                        + "reset is set by ResetFlow only: an engine user may not change where a reset goes or its "
                        + "policy.");
            }
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }

        private static String signedInUser() {
            if (Context.getCommandContext() == null) {
                return null;
            }
            Authentication authentication = Context.getCommandContext().getAuthentication();
            return authentication == null ? null : authentication.getUserId();
        }
    }
}

package org.resetflow.config;

import static org.resetflow.PasswordResetProcess.SECRET_VARIABLE_NAMES;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.stereotype.Component;

/**
 * The engine refuses, as an authorization failure, any persistent variable whose name would carry a password or a
 * link ({@code newPassword}, {@code confirmPassword}, {@code resetLink}, ...), whoever sets it: a REST call, Tasklist,
 * Cockpit, a start or a modification with variables. The call is rolled back, so the value reaches no table, and the
 * REST API answers 403. Transient variables are not affected: they are never written.
 *
 * <p>It watches the history events for variables, which the engine emits for every persistent variable written at
 * history level {@code audit}, {@code resetflow} or {@code full}; {@link #postInit} refuses to start at a lower level, where the guard would
 * be blind.
 */
@Component
class RefuseSecretVariables extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        handlers.add(new Guard());
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        if (!configuration.getHistoryLevel().isHistoryEventProduced(HistoryEventTypes.VARIABLE_INSTANCE_CREATE, null)) {
            throw new IllegalStateException("ResetFlow needs camunda.bpm.history-level resetflow, audit or full: "
                    + "the guard against secret variables watches variable history events");
        }
    }

    private static final class Guard implements HistoryEventHandler {

        @Override
        public void handleEvent(HistoryEvent event) {
            if (event instanceof HistoricVariableUpdateEventEntity variable
                    && !HistoryEventTypes.VARIABLE_INSTANCE_DELETE.getEventName().equals(variable.getEventType())
                    && SECRET_VARIABLE_NAMES.contains(variable.getVariableName())) {
                throw new AuthorizationException("The variable '" + variable.getVariableName() + "' may not be set "
                        + "through the engine: a password or a reset link is never stored. A new password can only be "
                        + "set on ResetFlow's public password page.");
            }
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }
    }
}

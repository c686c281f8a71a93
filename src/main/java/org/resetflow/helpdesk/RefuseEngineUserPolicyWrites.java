package org.resetflow.helpdesk;

import static org.resetflow.PasswordResetProcess.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.springframework.stereotype.Component;

/**
 * A signed-in engine user (Tasklist, the REST API, Cockpit, as helpdesk or admin) may not change or delete the
 * variables that steer a reset: where it goes, under which policy, which checks apply ({@link #GUARDED}). Without
 * this, completing "Approve reset" with {@code accountEmail} set to another address would send an admin's link there,
 * and {@code checkBreachedPasswords=false} would let a breached password through.
 *
 * <p>A write that leaves the stored value as it was (same type, same value) goes through: Tasklist sends a form's
 * read-only fields back, and an echo changes nothing. A change, a new variable under a guarded name, and every delete
 * by the user are refused; the call is rolled back and the REST API answers 403 (a batch's job fails with the same
 * reason). ResetFlow's own code (jobs, the public pages) runs without an engine user and is not affected; an instance ending removes its variables without a delete
 * event, so a rejection or an admin's cancellation is not a delete either.
 *
 * <p>It watches the engine's variable history events (every path that writes a variable emits one: task completion,
 * form submission, variable endpoints of instances, executions and tasks, local variables, modification, message
 * correlation, starts), and compares with the value stored before the command: read from the table with its own
 * query, since the engine's cache already holds the new value when the event fires, and the engine writes only when
 * the command ends.
 */
@Component
class RefuseEngineUserPolicyWrites extends AbstractProcessEnginePlugin {

    /** Who sets a guarded variable. */
    enum SetBy {
        /** ResetFlow's own code or model, never an engine user. */
        RESETFLOW,
        /** The helpdesk, on the process's start form while starting it; fixed from then on. */
        START_FORM
    }

    /**
     * The one list: per process, every variable an engine user may not change or delete. {@code
     * GuardedVariablesCompleteTest} fails when a model, a decision table or a {@code VAR_} constant sets a variable
     * that is neither here nor named there as user-settable (with the reason).
     */
    static final Map<String, Map<String, SetBy>> GUARDED = Map.of(
            PROCESS_KEY, setBy(SetBy.RESETFLOW,
                    // the request (the intake, or a helpdesk process's call activity)
                    VAR_CLIENT_ADDRESS, VAR_REQUESTED_AT, VAR_CHANNEL, VAR_REQUEST_LANGUAGE,
                    // the account, resolved before the start
                    VAR_INELIGIBLE_REASON, VAR_ACCOUNT_ID, VAR_ACCOUNT_USER_NAME,
                    VAR_ACCOUNT_EMAIL, VAR_ACCOUNT_DISPLAY_NAME, VAR_ACCOUNT_LANGUAGE, VAR_ACCOUNT_TIME_ZONE,
                    VAR_ACCOUNT_GROUPS, VAR_ACCOUNT_PRIVILEGED, VAR_ACCOUNT_LOCKED,
                    // the decisions and their inputs (reset-policy.dmn, password-checks.dmn)
                    VAR_RECENT_REQUESTS, VAR_PASSWORD_REVOKED, VAR_TOKEN_LIFETIME, VAR_MAX_ATTEMPTS,
                    VAR_APPROVAL_NEEDED, VAR_NOTIFICATION, VAR_CHECK_BREACHED_PASSWORDS,
                    // the link ("Issue token"; the transient ones may not appear as persistent variables either)
                    VAR_TOKEN_EXPIRES_AT, VAR_RESET_LINK, VAR_RESET_MAIL_KEY, VAR_REPLACED_RESET,
                    // the submissions ("Validate password", "Set password")
                    VAR_PASSWORD_ACCEPTABLE, VAR_REJECTION_REASON, VAR_REJECTION_DETAIL, VAR_FAILED_ATTEMPTS),
            org.resetflow.request.RequestIntakeProcess.PROCESS_KEY,
                    setBy(SetBy.RESETFLOW, org.resetflow.request.RequestIntakeProcess.VAR_BATCH_ID),
            AccountActivationProcess.PROCESS_KEY, merge(
                    setBy(SetBy.RESETFLOW, AccountActivationProcess.VAR_ACCOUNT_CREATED,
                            AccountActivationProcess.VAR_CREATED_ACCOUNT_ID),
                    setBy(SetBy.START_FORM, AccountActivationProcess.VAR_ACCOUNT_NAME,
                            AccountActivationProcess.VAR_NEW_ACCOUNT_EMAIL,
                            AccountActivationProcess.VAR_NEW_ACCOUNT_DISPLAY_NAME)),
            HelpdeskResetProcess.PROCESS_KEY, merge(
                    setBy(SetBy.RESETFLOW, HelpdeskResetProcess.VAR_REVOKED_ACCOUNTS),
                    setBy(SetBy.START_FORM, HelpdeskResetProcess.VAR_OPERATION,
                            HelpdeskResetProcess.VAR_ACCOUNT_NAMES)));

    /** Whether an engine user may not change or delete this variable of an instance of this process. */
    static boolean guarded(String processKey, String variable) {
        return GUARDED.getOrDefault(processKey, Map.of()).containsKey(variable);
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        handlers.add(new Guard(configuration));
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    private static Map<String, SetBy> setBy(SetBy setBy, String... variables) {
        Map<String, SetBy> map = new HashMap<>();
        for (String variable : variables) {
            map.put(variable, setBy);
        }
        return Map.copyOf(map);
    }

    private static Map<String, SetBy> merge(Map<String, SetBy> first, Map<String, SetBy> second) {
        Map<String, SetBy> map = new HashMap<>(first);
        map.putAll(second);
        return Map.copyOf(map);
    }

    private static final class Guard implements HistoryEventHandler {

        private final ProcessEngineConfigurationImpl configuration;

        Guard(ProcessEngineConfigurationImpl configuration) {
            this.configuration = configuration;
        }

        @Override
        public void handleEvent(HistoryEvent event) {
            if (!(event instanceof HistoricVariableUpdateEventEntity variable)) {
                return;
            }
            SetBy setBy = GUARDED.getOrDefault(variable.getProcessDefinitionKey(), Map.of())
                    .get(variable.getVariableName());
            if (setBy == null || !byEngineUser()) {
                return;
            }
            String type = variable.getEventType();
            if (HistoryEventTypes.VARIABLE_INSTANCE_DELETE.getEventName().equals(type)) {
                throw refusal(variable, setBy);
            }
            if (!HistoryEventTypes.VARIABLE_INSTANCE_CREATE.getEventName().equals(type)
                    && !HistoryEventTypes.VARIABLE_INSTANCE_UPDATE.getEventName().equals(type)) {
                return; // a migration moves the value unchanged
            }
            StoredValue stored = storedValue(variable.getVariableInstanceId());
            if (stored == null) {
                // New in this command: on the start form while the instance starts, or nothing a user may create.
                if (setBy == SetBy.START_FORM && !instanceStored(variable.getProcessInstanceId())) {
                    return;
                }
                throw refusal(variable, setBy);
            }
            if (!stored.isWrittenAgainBy(variable)) {
                throw refusal(variable, setBy);
            }
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }

        private static AuthorizationException refusal(HistoricVariableUpdateEventEntity variable, SetBy setBy) {
            // The name only, never the value: a value typed into the wrong field may be a password.
            return new AuthorizationException("The variable '" + variable.getVariableName() + "' steers a "
                    + variable.getProcessDefinitionKey() + " and is set by ResetFlow only"
                    + (setBy == SetBy.START_FORM ? " (or on the start form, when the instance starts)" : "")
                    + ": an engine user may not change or delete it. Sending its current value back unchanged, as "
                    + "Tasklist does with a form's read-only fields, is accepted.");
        }

        /**
         * The row as the command found it. The engine writes only when the command ends, so the table still holds
         * the value from before; its cache (and MyBatis's) may already hold the new one, hence a query of our own.
         */
        private StoredValue storedValue(String variableInstanceId) {
            String sql = "select TYPE_, TEXT_, TEXT2_, LONG_, DOUBLE_, BYTEARRAY_ID_ from "
                    + configuration.getDatabaseTablePrefix() + "ACT_RU_VARIABLE where ID_ = ?";
            try (PreparedStatement query = connection().prepareStatement(sql)) {
                query.setString(1, variableInstanceId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    long longValue = row.getLong(4);
                    Long storedLong = row.wasNull() ? null : longValue;
                    double doubleValue = row.getDouble(5);
                    Double storedDouble = row.wasNull() ? null : doubleValue;
                    return new StoredValue(row.getString(1), row.getString(2), row.getString(3), storedLong,
                            storedDouble, row.getString(6));
                }
            } catch (SQLException e) {
                throw new ProcessEngineException("Could not read a guarded variable's stored value", e);
            }
        }

        private boolean instanceStored(String processInstanceId) {
            String sql = "select 1 from " + configuration.getDatabaseTablePrefix() + "ACT_RU_EXECUTION where ID_ = ?";
            try (PreparedStatement query = connection().prepareStatement(sql)) {
                query.setString(1, processInstanceId);
                try (ResultSet row = query.executeQuery()) {
                    return row.next();
                }
            } catch (SQLException e) {
                throw new ProcessEngineException("Could not read whether a process instance is stored", e);
            }
        }

        private static Connection connection() {
            return Context.getCommandContext().getDbSqlSession().getSqlSession().getConnection();
        }

        /**
         * A signed-in user's call, or a job of a batch: an engine user created it (REST {@code variables-async},
         * asynchronous modification or correlation), and the engine runs it later without one. ResetFlow creates
         * no batches.
         */
        private boolean byEngineUser() {
            CommandContext commandContext = Context.getCommandContext();
            if (commandContext == null) {
                return false;
            }
            Authentication authentication = commandContext.getAuthentication();
            if (authentication != null && authentication.getUserId() != null) {
                return true;
            }
            JobEntity job = commandContext.getCurrentJob();
            return job != null && configuration.getBatchHandlers() != null
                    && configuration.getBatchHandlers().containsKey(job.getJobHandlerType());
        }
    }

    /** A variable's serialized form as the table holds it: the serializer (its type) and the value's columns. */
    private record StoredValue(String serializer, String text, String text2, Long longValue, Double doubleValue,
            String byteArrayId) {

        /**
         * Whether the event writes exactly this again. A value kept in a byte array (an object, JSON, a file) never
         * counts as the same: ResetFlow stores none under a guarded name, so such a write is no echo of its values.
         */
        boolean isWrittenAgainBy(HistoricVariableUpdateEventEntity written) {
            return byteArrayId == null && written.getByteValue() == null
                    && Objects.equals(serializer, written.getSerializerName())
                    && Objects.equals(text, written.getTextValue())
                    && Objects.equals(text2, written.getTextValue2())
                    && Objects.equals(longValue, written.getLongValue())
                    && Objects.equals(doubleValue, written.getDoubleValue());
        }
    }
}

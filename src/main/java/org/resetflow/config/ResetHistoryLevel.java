package org.resetflow.config;

import static org.camunda.bpm.engine.impl.history.event.HistoryEventTypes.DMN_DECISION_EVALUATE;
import static org.camunda.bpm.engine.impl.history.event.HistoryEventTypes.INCIDENT_CREATE;
import static org.camunda.bpm.engine.impl.history.event.HistoryEventTypes.INCIDENT_DELETE;
import static org.camunda.bpm.engine.impl.history.event.HistoryEventTypes.INCIDENT_MIGRATE;
import static org.camunda.bpm.engine.impl.history.event.HistoryEventTypes.INCIDENT_RESOLVE;
import static org.camunda.bpm.engine.impl.history.event.HistoryEventTypes.INCIDENT_UPDATE;
import static org.camunda.bpm.engine.impl.history.event.HistoryEventTypes.JOB_FAIL;

import java.util.Set;
import org.camunda.bpm.engine.impl.history.HistoryLevelAudit;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;

/**
 * History level {@code resetflow}: what {@code audit} writes (process, activity and task instances, variables), plus
 * what an admin looks for after something went wrong and {@code audit} leaves out: incidents, the failed attempts of
 * jobs (with their exception, which never holds a secret), and the decisions (ACT_HI_DECINST with their inputs and
 * outputs: the policy a reset got, in Cockpit's decision view). Not the job log of every job that just ran, nor a
 * row per variable change (ACT_HI_DETAIL): on the happy path those are most of what {@code full} adds, and nobody
 * reads them.
 *
 * <p>Which variables reach the history is decided by {@link KeptVariableHistory}, not here: the secret-variable
 * guard must see every variable event, so the level produces them all.
 */
final class ResetHistoryLevel extends HistoryLevelAudit {

    static final String NAME = "resetflow";
    /** Stored in ACT_GE_PROPERTY (historyLevel); Camunda's own levels are 0 to 3. */
    static final int ID = 25;

    private static final Set<HistoryEventType> ADDED = Set.of(INCIDENT_CREATE, INCIDENT_MIGRATE, INCIDENT_DELETE,
            INCIDENT_RESOLVE, INCIDENT_UPDATE, JOB_FAIL, DMN_DECISION_EVALUATE);

    @Override
    public int getId() {
        return ID;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
        return super.isHistoryEventProduced(eventType, entity) || ADDED.contains(eventType);
    }
}

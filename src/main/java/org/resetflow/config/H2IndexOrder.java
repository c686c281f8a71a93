package org.resetflow.config;

import java.sql.Connection;
import java.sql.Statement;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * On H2 only: recreates three of the engine's indexes, unchanged, so that they come after the indexes that find a
 * row by its execution.
 *
 * <p>Why: H2 plans a statement once and keeps the plan in its per-connection statement cache. Planned while the
 * tables are empty, as at every start, two candidate indexes cost the same and H2 takes the one created first; the
 * engine's script creates these before the foreign-key indexes, and each of them matches every waiting reset:
 * <ul>
 *   <li>{@code ACT_RU_VARIABLE}'s two task indexes: the engine reads a process's variables with
 *       {@code WHERE EXECUTION_ID_ = ? AND TASK_ID_ IS NULL}, and {@code TASK_ID_ IS NULL} matches every process
 *       variable. Under load that read was over a third of the background CPU and grew with every waiting reset
 *       (bench/README.md, "Tuning").</li>
 *   <li>{@code ACT_RU_EVENT_SUBSCR}'s index on the event name: every waiting reset subscribes to the same message
 *       ("a newer request supersedes this one"), so each message delivered to one reset (a newer request, the
 *       password form's submission) walked the subscriptions of all of them (bench/README.md, "Third round").</li>
 * </ul>
 * Recreated, the execution's index is older and wins the tie; the names, columns and so the engine's upgrade
 * scripts stay as they are.
 */
@Component
class H2IndexOrder extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(H2IndexOrder.class);

    static final String[] RECREATE = {
            "DROP INDEX IF EXISTS ACT_IDX_VARIABLE_TASK_NAME_TYPE",
            "DROP INDEX IF EXISTS ACT_IDX_VARIABLE_TASK_ID",
            "CREATE INDEX ACT_IDX_VARIABLE_TASK_NAME_TYPE ON ACT_RU_VARIABLE (TASK_ID_, NAME_, TYPE_)",
            "CREATE INDEX ACT_IDX_VARIABLE_TASK_ID ON ACT_RU_VARIABLE (TASK_ID_)",
            "DROP INDEX IF EXISTS ACT_IDX_EVENT_SUBSCR_EVT_NAME",
            "CREATE INDEX ACT_IDX_EVENT_SUBSCR_EVT_NAME ON ACT_RU_EVENT_SUBSCR (EVENT_NAME_)"};

    private ProcessEngineConfigurationImpl configuration;

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        this.configuration = configuration;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine processEngine) {
        if (!"h2".equals(configuration.getDatabaseType())) {
            return;
        }
        try (Connection connection = configuration.getDataSource().getConnection();
             Statement statement = connection.createStatement()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            for (String sql : RECREATE) {
                statement.execute(sql);
            }
            connection.commit();
            connection.setAutoCommit(autoCommit);
        } catch (Exception e) {
            // Only slower, never wrong: the engine works with either order.
            log.warn("Could not reorder the engine's indexes on H2; variable reads and messages may slow down as "
                    + "resets wait: {}", e.getMessage());
        }
    }
}

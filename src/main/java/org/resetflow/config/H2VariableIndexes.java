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
 * On H2 only: recreates the engine's two task indexes on {@code ACT_RU_VARIABLE}, unchanged, so that they come after
 * the index on {@code EXECUTION_ID_}.
 *
 * <p>Why: the engine reads a process's variables with {@code WHERE EXECUTION_ID_ = ? AND TASK_ID_ IS NULL}. H2 plans
 * a statement once and keeps the plan in its per-connection statement cache. Planned while the table is empty, as
 * at every start, both candidate indexes cost the same, H2 takes the one created first, and the engine's script
 * creates the task index first: {@code TASK_ID_ IS NULL} matches every process variable, so each read walked the
 * variables of every waiting reset. Under load that read was over a third of the background CPU and grew with every
 * waiting reset (bench/README.md, "Tuning"). Recreated, the execution index is older and wins the tie; the names,
 * columns and so the engine's upgrade scripts stay as they are.
 */
@Component
class H2VariableIndexes extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(H2VariableIndexes.class);

    static final String[] RECREATE = {
            "DROP INDEX IF EXISTS ACT_IDX_VARIABLE_TASK_NAME_TYPE",
            "DROP INDEX IF EXISTS ACT_IDX_VARIABLE_TASK_ID",
            "CREATE INDEX ACT_IDX_VARIABLE_TASK_NAME_TYPE ON ACT_RU_VARIABLE (TASK_ID_, NAME_, TYPE_)",
            "CREATE INDEX ACT_IDX_VARIABLE_TASK_ID ON ACT_RU_VARIABLE (TASK_ID_)"};

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
            log.warn("Could not reorder the engine's variable indexes on H2; variable reads may slow down as resets "
                    + "wait: {}", e.getMessage());
        }
    }
}

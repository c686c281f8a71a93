package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

/** The embedded H2 the application runs on by default really runs with the settings of H2Settings. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "resetflow.demo.smtp-port=0", "camunda.bpm.job-execution.enabled=false" })
class EmbeddedDatabaseSettingsTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldRunTheEmbeddedDatabaseWithTheEnginesStatementCacheAndLockTimeout() {
        assertThat(jdbc.queryForObject("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                + "WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'", String.class)).isEqualTo("256");
        assertThat(jdbc.queryForObject("SELECT LOCK_TIMEOUT()", Integer.class)).isEqualTo(10000);
    }

    @Test
    void shouldReadAProcesssVariablesByItsExecutionNotByScanningEveryWaitingResetsVariables() {
        // The engine's variable reads, planned as H2 plans them on a (nearly) empty table at start
        String read = "SELECT RES.* FROM ACT_RU_VARIABLE RES LEFT JOIN ACT_RU_EXECUTION EXECUTION "
                + "ON RES.EXECUTION_ID_ = EXECUTION.ID_ WHERE EXECUTION_ID_ = 'x' AND TASK_ID_ IS NULL";
        for (String sql : List.of(read, read + " AND NAME_ IN ('accountId', 'channel')")) {
            String plan = jdbc.queryForObject("EXPLAIN " + sql, String.class);
            assertThat(plan).as(plan).contains(": EXECUTION_ID_ = 'x'").doesNotContain("ACT_IDX_VARIABLE_TASK");
        }
    }

    @Test
    void shouldDeliverAMessageToOneResetWithoutWalkingEveryWaitingResetsSubscription() {
        // Every waiting reset subscribes to the same message name; the engine's reads, as H2 plans them at start
        String byExecution = "SELECT * FROM ACT_RU_EVENT_SUBSCR WHERE (EVENT_TYPE_ = 'message') "
                + "AND (EVENT_NAME_ = 'newer-request') AND (EXECUTION_ID_ = 'x')";
        String startEvents = "SELECT * FROM ACT_RU_EVENT_SUBSCR RES WHERE (EVENT_TYPE_ = 'message') "
                + "AND (EVENT_NAME_ = 'newer-request') AND EXECUTION_ID_ IS NULL";
        String correlation = "SELECT DISTINCT RES.* FROM ACT_RU_EXECUTION RES INNER JOIN ACT_RE_PROCDEF P "
                + "ON RES.PROC_DEF_ID_ = P.ID_ WHERE RES.PROC_INST_ID_ = 'p' AND EXISTS (SELECT ID_ FROM "
                + "ACT_RU_EVENT_SUBSCR EVT WHERE EVT.EXECUTION_ID_ = RES.ID_ AND EVT.EVENT_TYPE_ = 'message' "
                + "AND EVT.EVENT_NAME_ = 'newer-request')";
        for (String sql : List.of(byExecution, startEvents, correlation)) {
            String plan = jdbc.queryForObject("EXPLAIN " + sql, String.class);
            assertThat(plan).as(plan).contains("EXECUTION_ID_").doesNotContain("ACT_IDX_EVENT_SUBSCR_EVT_NAME");
        }
    }
}

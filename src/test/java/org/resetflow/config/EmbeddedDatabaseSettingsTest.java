package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

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
}

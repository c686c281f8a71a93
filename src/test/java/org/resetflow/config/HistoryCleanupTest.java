package org.resetflow.config;

import org.resetflow.EngineJobs;
import org.resetflow.request.RequestIntakeProcess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.resetflow.PasswordResetProcess;
import org.resetflow.WebSession;
import org.resetflow.request.ResetStarter;
import org.resetflow.EngineRest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * "History is kept for 30 days" taken literally, in demo mode: the engine schedules its own cleanup, and after the
 * model's time to live (counted from the start) every history row of an ended reset is gone, while a younger reset
 * keeps its history. The job executor is off so that the test can run the jobs itself, at an engine time of its choosing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
class HistoryCleanupTest {

    /**
     * Tables a reset certainly writes to at history level resetflow (its policy decision included); every other
     * history table with an instance column is checked as well (the decision's inputs and outputs, incidents and
     * failed jobs; at level full also ACT_HI_DETAIL and the whole job log).
     */
    private static final List<String> WRITTEN_BY_A_RESET = List.of("ACT_HI_PROCINST", "ACT_HI_ACTINST",
            "ACT_HI_VARINST", "ACT_HI_DECINST");
    private static final List<String> INSTANCE_COLUMNS =
            List.of("PROC_INST_ID_", "PROCESS_INSTANCE_ID_", "ROOT_PROC_INST_ID_");
    /** The configured window is 01:00 to 05:00, server time. */
    private static final LocalTime WINDOW_START = LocalTime.of(1, 0);
    private static final LocalTime IN_THE_NIGHT = LocalTime.of(2, 0);
    private static final LocalTime AT_NOON = LocalTime.NOON;

    @LocalServerPort
    int port;
    @Autowired
    HistoryService historyService;
    @Autowired
    ManagementService managementService;
    @Autowired
    org.camunda.bpm.engine.RuntimeService runtimeService;
    @Autowired
    org.camunda.bpm.engine.ProcessEngine processEngine;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void resetEngineClock() {
        ClockUtil.reset();
    }

    @org.junit.jupiter.api.BeforeEach
    void talkToThisContextsEngine() {
        EngineRest.useEngineOf(processEngine);
    }

    @Test
    void shouldRemoveEveryHistoryRowOfAnEndedResetOnceItsThirtyDaysAreOver() throws Exception {
        // Given an engine that has a cleanup window and scheduled its cleanup jobs at startup, untriggered
        JsonNode configuration = engineRest("/history/cleanup/configuration");
        assertThat(configuration.path("batchWindowStartTime").isTextual())
                .as("batchWindowStartTime in %s", configuration).isTrue();
        assertThat(configuration.path("batchWindowEndTime").isTextual()).isTrue();
        List<Job> cleanupJobs = historyService.findHistoryCleanupJobs();
        assertThat(cleanupJobs).isNotEmpty()
                .allSatisfy(job -> assertThat(job.isSuspended()).isFalse())
                .allSatisfy(job -> assertThat(job.getDuedate().toInstant().atZone(ZoneId.systemDefault())
                        .toLocalTime()).isEqualTo(WINDOW_START));

        // Given three requests on the public page: an unknown name, alice (whose link then expires), and bob
        WebSession browser = new WebSession("http://127.0.0.1:" + port);
        for (String identifier : List.of("nobody", "alice")) {
            assertThat(browser.get("/").status()).isEqualTo(200);
            assertThat(browser.post("/request", Map.of("identifier", identifier)).status()).isEqualTo(200);
        }
        // The job executor is off here, so the inbox's starter is too: start the batch and its resets by hand
        EngineJobs.startQueuedResets(managementService, runtimeService, resetStarter);
        runDueProcessJobs();
        // ... and bob's three days later (in engine time), when alice's link has expired
        ZoneId zone = ZoneId.systemDefault();
        ClockUtil.setCurrentTime(Date.from(ZonedDateTime.now(zone).plusDays(3).toInstant()));
        runDueProcessJobs();
        assertThat(browser.post("/request", Map.of("identifier", "bob")).status()).isEqualTo(200);
        EngineJobs.startQueuedResets(managementService, runtimeService, resetStarter);
        // bob's link expires 10 minutes after his request in real time, long before this engine time: no timers
        for (int round = 0; round < 3; round++) {
            managementService.createJobQuery().processDefinitionKey(PasswordResetProcess.PROCESS_KEY).messages()
                    .executable().list().forEach(job -> managementService.executeJob(job.getId()));
        }
        String nobody = resetFor("nobody").getId();
        String alice = resetFor("alice").getId();
        String bob = resetFor("bob").getId();
        assertThat(resetFor("nobody").getEndActivityId()).isEqualTo("EndEvent_ResetsStarted");
        assertThat(resetFor("alice").getEndActivityId()).isEqualTo("EndEvent_TokenExpired");
        assertThat(resetFor("bob").getEndTime()).as("bob's reset still waits").isNull();
        // the process model's time to live, counted from the start
        for (String identifier : List.of("nobody", "alice", "bob")) {
            assertThat(resetFor(identifier).getRemovalTime()).as(identifier)
                    .isEqualTo(Date.from(resetFor(identifier).getStartTime().toInstant().plus(Duration.ofDays(30))));
        }

        Map<String, Long> ended = historyRows(nobody, alice);
        assertThat(ended).allSatisfy((table, rows) -> {
            if (WRITTEN_BY_A_RESET.contains(table)) {
                assertThat(rows).as("%s rows of the ended resets", table).isPositive();
            }
        });
        Map<String, Long> waiting = historyRows(bob);
        assertThat(waiting.get("ACT_HI_ACTINST")).isPositive();

        // When the scheduled cleanup runs in the night 29 days later
        runCleanupJobsAt(IN_THE_NIGHT, 29);

        // Then nothing is removed yet
        assertThat(historyRows(nobody, alice)).isEqualTo(ended);

        // When its jobs run at noon after the thirty days are over, outside the window
        runCleanupJobsAt(AT_NOON, 31);

        // Then they leave the history alone until the night
        assertThat(historyRows(nobody, alice)).isEqualTo(ended);

        // When they run in the night after the thirty days are over
        runCleanupJobsAt(IN_THE_NIGHT, 32);

        // Then no history table holds a row of the ended resets, and bob's younger reset keeps its history
        assertThat(historyRows(nobody, alice)).allSatisfy((table, rows) ->
                assertThat(rows).as("%s rows of the ended resets after cleanup", table).isZero());
        assertThat(historyRows(bob)).isEqualTo(waiting);
    }

    /** Runs the cleanup jobs the engine scheduled itself, as the job executor would, at that time of day. */
    private void runCleanupJobsAt(LocalTime time, int daysLater) {
        ZoneId zone = ZoneId.systemDefault();
        ClockUtil.setCurrentTime(Date.from(LocalDate.now(zone).plusDays(daysLater).atTime(time).atZone(zone)
                .toInstant()));
        for (Job job : historyService.findHistoryCleanupJobs()) {
            managementService.executeJob(job.getId());
        }
    }

    private void runDueProcessJobs() {
        for (int round = 0; round < 5; round++) {
            List<Job> due = managementService.createJobQuery().processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                    .executable().list();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(job -> managementService.executeJob(job.getId()));
        }
    }

    /**
     * What was typed is not kept, so a reset is found by its account; a name that matched none started no reset,
     * and what it left is the first batch's intake (which also started alice's reset).
     */
    private HistoricProcessInstance resetFor(String identifier) {
        if ("nobody".equals(identifier)) {
            return historyService.createHistoricProcessInstanceQuery()
                    .processDefinitionKey(RequestIntakeProcess.PROCESS_KEY).orderByProcessInstanceStartTime().asc()
                    .list().get(0);
        }
        return historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                .variableValueEquals(PasswordResetProcess.VAR_ACCOUNT_USER_NAME, identifier).singleResult();
    }

    /** Rows per table, over every history table (and the byte arrays) that names a process instance. */
    private Map<String, Long> historyRows(String... processInstanceIds) {
        Map<String, List<String>> columnsByTable = new TreeMap<>();
        jdbc.query("SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC' "
                + "AND (TABLE_NAME LIKE 'ACT\\_HI\\_%' OR TABLE_NAME = 'ACT_GE_BYTEARRAY')", row -> {
                    if (INSTANCE_COLUMNS.contains(row.getString("COLUMN_NAME"))) {
                        columnsByTable.computeIfAbsent(row.getString("TABLE_NAME"), t -> new ArrayList<>())
                                .add(row.getString("COLUMN_NAME"));
                    }
                });
        assertThat(columnsByTable).containsKeys(WRITTEN_BY_A_RESET.toArray(String[]::new));
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
        Map<String, Long> rows = new TreeMap<>();
        columnsByTable.forEach((table, columns) -> {
            String where = String.join(" OR ", columns.stream().map(column -> column + " IN (:ids)").toList());
            rows.put(table, named.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE " + where,
                    Map.of("ids", List.of(processInstanceIds)), Long.class));
        });
        return rows;
    }

    private JsonNode engineRest(String path) throws Exception {
        // demo/demo is the demo-mode Camunda admin
        String basic = Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine-rest" + path))
                        .header("Authorization", "Basic " + basic).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}

package org.resetflow.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.PasswordResetProcess;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.demo.DemoMailbox;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The request inbox under load: every accepted request for an account becomes exactly one reset (one that names
 * no account none), a known account gets exactly one
 * mail and an unknown one none, the inbox is empty at the end, and the starter never starts resets faster than the
 * directory budget allows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + RequestInboxTest.PUBLIC_BASE,
        "resetflow.rate-limit.requests-per-address=100000",
        "resetflow.rate-limit.requests-per-identifier=100000",
        "resetflow.rate-limit.requests-per-identifier-all-networks=100000",
        "resetflow.request.max-lookups-per-second=20"})
class RequestInboxTest {

    static final String PUBLIC_BASE = "https://reset.example.test";
    private static final int CLIENTS = 8;
    private static final int PER_CLIENT = 15;
    private static final int BUDGET = 20;

    @LocalServerPort
    int port;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    DemoMailbox mailbox;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldTurnEveryAcceptedRequestIntoOneResetWithinTheDirectoryBudget() throws Exception {
        // Given 8 clients, each with the request page open
        mailbox.purge();
        long resetsBefore = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).count();
        long startedAt = System.nanoTime();
        List<Long> startedMillis = new ArrayList<>();
        List<Long> startedCounts = new ArrayList<>();

        // When they send 120 requests at once, 64 for known accounts (alice, bob) and 56 for unknown names
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Callable<List<Integer>>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(() -> {
                WebSession session = new WebSession("http://localhost:" + port);
                session.get("/");
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < PER_CLIENT; i++) {
                    String identifier = i % 2 == 0 ? (client % 2 == 0 ? "alice" : "bob") : "nobody-" + client + "-" + i;
                    statuses.add(session.post("/request", Map.of("identifier", identifier)).status());
                }
                return statuses;
            });
        }
        List<Future<List<Integer>>> answers = pool.invokeAll(clients);
        pool.shutdown();

        // ... while the resets started so far are sampled as they start (only the known accounts' requests start one)
        int known = CLIENTS * ((PER_CLIENT + 1) / 2);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            long started = started(resetsBefore);
            startedMillis.add((System.nanoTime() - startedAt) / 1_000_000);
            startedCounts.add(started);
            return started >= known;
        });

        // Then every request got the neutral answer
        for (Future<List<Integer>> answer : answers) {
            assertThat(answer.get()).containsOnly(200);
        }
        // And never more resets started than the budget allows: one second's worth at once, then BUDGET a second
        for (int i = 0; i < startedMillis.size(); i++) {
            assertThat(startedCounts.get(i)).as("resets started after %d ms", startedMillis.get(i))
                    .isLessThanOrEqualTo(BUDGET + (startedMillis.get(i) + 100) * BUDGET / 1000 + 1);
        }
        // And each accepted request for a known account became exactly one reset, the unknown ones none (they cost
        // a share of a batch); the inbox is empty
        EngineJobs.awaitIdle(managementService, resetStarter);
        assertThat(started(resetsBefore)).isEqualTo(known);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rf_reset_request", Long.class)).isZero();
        // And each request for a known account mailed exactly one link, the unknown ones none
        assertThat(TestSmtp.awaitMessages(mailbox, known)).hasSize(known);
        assertThat(mailbox.messages()).hasSize(known);
    }

    private long started(long before) {
        return historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).count() - before;
    }
}

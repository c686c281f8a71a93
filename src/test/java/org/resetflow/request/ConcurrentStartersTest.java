package org.resetflow.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.resetflow.cluster.PostgresServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Several nodes' inbox starters on one PostgreSQL: each inbox row becomes exactly one reset, and a starter never
 * waits for rows another one holds (it takes the next ones). The job executor is off, so the starters run only when
 * the test calls them, as many at once as it likes.
 */
@SpringBootTest(properties = {"camunda.bpm.job-execution.enabled=false"})
@ActiveProfiles("postgres")
class ConcurrentStartersTest {

    @Autowired
    PendingLookups inbox;
    @Autowired
    ResetStarter starter;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;

    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresServer.register(registry);
    }

    @BeforeEach
    void emptyInbox() {
        starter.startQueued();
        runtimeService.createProcessInstanceQuery().rootProcessInstances().list()
                .forEach(instance -> runtimeService.deleteProcessInstance(instance.getId(), "test"));
        jdbc.update("DELETE FROM rf_reset_request");
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void shouldClaimOtherRowsWhileAnotherNodeHoldsTheOldest() throws Exception {
        // Given 6 requests, the oldest 3 held by another node's starter in its open transaction
        for (int i = 0; i < 6; i++) {
            inbox.enqueue("user" + i, "192.0.2." + i, "en");
        }
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> otherNode = threads.submit(() -> new TransactionTemplate(transactionManager).execute(status -> {
            int locked = inbox.claim("other-node", 3);
            held.countDown();
            await(release);
            status.setRollbackOnly();
            return locked;
        }));
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();

        // When this node's starter runs meanwhile
        Future<List<String>> thisNode = threads.submit(() -> starter.startQueued());

        // Then it claims the 3 others without waiting for the held rows (with a plain FOR UPDATE it would wait for
        // the other transaction, which here only ends after it: a deadlock that the bound below turns into a failure)
        assertThat(rowsOf(thisNode.get(30, TimeUnit.SECONDS))).isEqualTo(3);
        release.countDown();
        assertThat(otherNode.get(30, TimeUnit.SECONDS)).isEqualTo(3);
        // ... and once the other node let go, the held ones are claimed, each once
        assertThat(rowsOf(starter.startQueued())).isEqualTo(3);
        assertEveryRowInOneBatch(6);
    }

    @Test
    void shouldPutEachRowInExactlyOneBatchWithFourStartersRacing() throws Exception {
        // Given 200 requests waiting
        for (int i = 0; i < 200; i++) {
            inbox.enqueue("user" + i, "192.0.2." + (i % 250), "en");
        }

        // When four starters (four nodes) empty the inbox at the same time
        List<Future<List<String>>> starters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            starters.add(threads.submit(() -> starter.startQueued()));
        }
        List<String> started = new ArrayList<>();
        for (Future<List<String>> each : starters) {
            started.addAll(each.get(120, TimeUnit.SECONDS));
        }

        // Then the 200 requests are in batches of one intake each, none in two
        assertThat(started).doesNotHaveDuplicates();
        assertThat(rowsOf(started)).isEqualTo(200);
        assertEveryRowInOneBatch(200);
    }

    /** The rows the batches of these intakes hold: a row in two batches would be counted twice. */
    private int rowsOf(List<String> intakes) {
        return intakes.stream().mapToInt(intake -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM rf_reset_request WHERE batch_id = ?", Integer.class,
                runtimeService.getVariable(intake, RequestIntakeProcess.VAR_BATCH_ID))).sum();
    }

    private void assertEveryRowInOneBatch(int rows) {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rf_reset_request WHERE batch_id IS NULL",
                Integer.class)).as("rows in no batch").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rf_reset_request", Integer.class)).isEqualTo(rows);
        List<String> intakes = runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(RequestIntakeProcess.PROCESS_KEY).list().stream().map(i -> i.getId()).toList();
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT batch_id) FROM rf_reset_request", Integer.class))
                .as("one intake per batch").isEqualTo(intakes.size());
        assertThat(rowsOf(intakes)).isEqualTo(rows);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

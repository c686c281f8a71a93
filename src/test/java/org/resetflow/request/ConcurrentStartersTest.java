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
import org.resetflow.PasswordResetProcess;
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
        runtimeService.createProcessInstanceQuery().list()
                .forEach(instance -> runtimeService.deleteProcessInstance(instance.getId(), "test"));
        jdbc.update("DELETE FROM rf_reset_request");
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void shouldStartOtherRowsWhileAnotherNodeHoldsTheOldest() throws Exception {
        // Given 6 requests, the oldest 3 held by another node's starter in its open transaction
        for (int i = 0; i < 6; i++) {
            inbox.enqueue("user" + i, "192.0.2." + i, "en");
        }
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> otherNode = threads.submit(() -> new TransactionTemplate(transactionManager).execute(status -> {
            int locked = inbox.oldestWaiting(3).size();
            held.countDown();
            await(release);
            status.setRollbackOnly();
            return locked;
        }));
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();

        // When this node's starter runs meanwhile
        Future<List<String>> thisNode = threads.submit(() -> starter.startQueued());

        // Then it starts the 3 others without waiting for the held rows (with a plain FOR UPDATE it would wait for
        // the other transaction, which here only ends after it: a deadlock that the bound below turns into a failure)
        assertThat(thisNode.get(30, TimeUnit.SECONDS)).hasSize(3);
        release.countDown();
        assertThat(otherNode.get(30, TimeUnit.SECONDS)).isEqualTo(3);
        // ... and once the other node let go, the held ones start, each once
        assertThat(starter.startQueued()).hasSize(3);
        assertEveryRowStartedOnce(6);
    }

    @Test
    void shouldStartEachRowExactlyOnceWithFourStartersRacing() throws Exception {
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

        // Then 200 resets were started, none twice
        assertThat(started).hasSize(200).doesNotHaveDuplicates();
        assertEveryRowStartedOnce(200);
    }

    private void assertEveryRowStartedOnce(int rows) {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rf_reset_request WHERE process_instance_id IS NULL",
                Integer.class)).as("rows never started").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT process_instance_id) FROM rf_reset_request",
                Integer.class)).isEqualTo(rows);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                .count()).as("resets started").isEqualTo(rows);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

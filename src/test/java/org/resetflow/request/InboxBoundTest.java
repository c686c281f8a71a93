package org.resetflow.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A flood larger than the inbox: past {@code resetflow.request.max-queued} a request is dropped, and the requester
 * cannot tell: the same page, status and headers as an accepted one. The drop is counted, nothing of it is kept,
 * and the requests queued before it still become resets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.demo.smtp-port=0",
        // The starter runs with the job executor: off, so the inbox fills and stays full until the test drains it.
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.request.max-queued=" + InboxBoundTest.BOUND,
        "resetflow.rate-limit.requests-per-address=100000",
        "resetflow.rate-limit.requests-per-identifier=100000",
        "resetflow.rate-limit.requests-per-identifier-all-networks=100000"})
class InboxBoundTest {

    static final int BOUND = 4;

    @TestConfiguration
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    ManagementService managementService;
    @Autowired
    HistoryService historyService;
    @Autowired
    DemoMailbox mailbox;

    @Test
    void shouldDropRequestsPastTheInboxBoundWithTheSameAnswerAndCountThem() {
        // Given a request page open and an inbox that holds 4 requests
        mailbox.purge();
        WebSession session = new WebSession("http://localhost:" + port);
        session.get("/");

        // When 4 requests for alice fill the inbox, and 3 more (alice, an unknown name, bob) arrive while it is full
        List<WebSession.Page> queued = new ArrayList<>();
        for (int i = 0; i < BOUND; i++) {
            queued.add(session.post("/request", Map.of("identifier", "alice")));
        }
        List<WebSession.Page> dropped = new ArrayList<>();
        for (String identifier : List.of("alice", "nobody-at-all", "bob")) {
            dropped.add(session.post("/request", Map.of("identifier", identifier)));
        }

        // Then every answer is the same, byte for byte: status, every header but the clock's, body; nothing tells a
        // dropped request from a queued one
        WebSession.Page accepted = queued.get(queued.size() - 1);
        assertThat(accepted.status()).isEqualTo(200);
        for (WebSession.Page page : dropped) {
            assertThat(page.status()).isEqualTo(accepted.status());
            assertThat(headersButTheDate(page)).isEqualTo(headersButTheDate(accepted));
            assertThat(page.body().getBytes(StandardCharsets.UTF_8))
                    .isEqualTo(accepted.body().getBytes(StandardCharsets.UTF_8));
        }
        // And the three drops are counted, and nothing of them is kept
        assertThat(meters.counter(ResetRequests.DROPPED).count()).isEqualTo(3.0);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rf_reset_request", Long.class)).isEqualTo(BOUND);
        assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM rf_reset_request WHERE identifier IN ('nobody-at-all', 'bob')", Long.class))
                .isZero();

        // And the queued requests still become resets: one mail each (the newest link replaces the older ones)
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        assertThat(historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).count()).isEqualTo(BOUND);
        assertThat(TestSmtp.awaitMessages(mailbox, BOUND)).hasSize(BOUND);
    }

    /** Every header as sent, names in lower case; {@code Date} aside, which differs when a second turns over. */
    private static Map<String, List<String>> headersButTheDate(WebSession.Page page) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(page.headers().map());
        headers.remove("date");
        return headers;
    }
}

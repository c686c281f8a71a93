package org.resetflow.token;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.EngineJobs;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One live link per account must hold when requests for one account arrive together: each runs as its own process
 * instance, and none sees the others in time to cancel them, so the database decides.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + OneLiveLinkTest.PUBLIC_BASE,
        "resetflow.rate-limit.requests-per-identifier=1000",
        "resetflow.rate-limit.requests-per-address=1000",
        "resetflow.rate-limit.link-checks-per-address=1000",
        "camunda.bpm.job-execution.core-pool-size=4",
        "camunda.bpm.job-execution.max-pool-size=8"})
class OneLiveLinkTest {

    static final String PUBLIC_BASE = "https://reset.example.test";
    private static final int REQUESTS = 20;

    @LocalServerPort
    int port;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    DemoMailbox mailbox;

    @Test
    void shouldLeaveExactlyOneWorkingLinkAfterTwentyConcurrentRequestsForOneAccount() throws Exception {
        // Given twenty clients with the request page open
        mailbox.purge();
        List<WebSession> clients = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            WebSession client = new WebSession("http://localhost:" + port);
            client.get("/");
            clients.add(client);
        }

        // When all of them ask for alice's reset at once
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        try {
            List<Callable<Integer>> requests = clients.stream()
                    .map(client -> (Callable<Integer>) () ->
                            client.post("/request", Map.of("identifier", "alice")).status())
                    .toList();
            for (Future<Integer> answer : pool.invokeAll(requests)) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }

        // Then every reset mails its link, once the engine has worked through all of them
        MimeMessage[] mails = TestSmtp.awaitMessages(mailbox, REQUESTS);
        EngineJobs.awaitIdle(managementService, resetStarter);
        assertThat(TestSmtp.awaitMessages(mailbox, REQUESTS)).hasSize(REQUESTS);

        // And exactly one of those links opens the password form; every other one is no longer valid
        WebSession browser = new WebSession("http://localhost:" + port);
        int working = 0;
        for (MimeMessage mail : mails) {
            int status = browser.get("/reset/" + TestSmtp.resetToken(mail, PUBLIC_BASE)).status();
            assertThat(status).isIn(200, 410);
            working += status == 200 ? 1 : 0;
        }
        assertThat(working).isEqualTo(1);
    }
}

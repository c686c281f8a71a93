package org.resetflow.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.PasswordResetProcess;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Health and metrics, as an operator and as a stranger see them, in demo mode with the job executor running: the
 * management port answers with the directory, the mail server and the job executor, and counts a whole reset; the
 * public port has no {@code /actuator} at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"resetflow.demo.smtp-port=0", "resetflow.public-base-url=" + OperationsEndpointsTest.PUBLIC_BASE})
@AutoConfigureObservability
class OperationsEndpointsTest {

    static final String PUBLIC_BASE = "http://reset.example.test";

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ManagementService managementService;

    @Autowired
    ResetStarter resetStarter;

    @Autowired
    DemoMailbox mailbox;

    @Test
    void shouldServeNoManagementEndpointOnThePublicPort() throws Exception {
        // Given the public port, as anyone on the internet reaches it
        assertThat(managementPort).isNotEqualTo(port);

        // Then every management path is unknown there, whatever the method
        for (String path : new String[] {"/actuator", "/actuator/health", "/actuator/prometheus",
                "/actuator/health/directory", "/actuator/env", "/actuator/metrics"}) {
            assertThat(get(port, path).statusCode()).as(path).isEqualTo(404);
            assertThat(send(port, path, "POST").statusCode()).as("POST " + path).isEqualTo(404);
        }
    }

    @Test
    void shouldReportTheDirectoryTheMailServerAndTheJobExecutorOnTheManagementPort() throws Exception {
        // When the operator asks for health on the management port
        HttpResponse<String> health = get(managementPort, "/actuator/health");

        // Then all is up, and each of the three is checked by name
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = new ObjectMapper().readTree(health.body()).path("components");
        assertThat(components.path("directory").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("mail").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("mail").path("details").path("noop").asInt()).isEqualTo(250);
        assertThat(components.path("jobExecutor").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("db").path("status").asText()).isEqualTo("UP");
        // (and nothing else is exposed there)
        assertThat(get(managementPort, "/actuator/env").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldCountAWholeResetOnThePrometheusEndpoint() throws Exception {
        // Given alice asks for a reset, and gets her link
        mailbox.purge();
        WebSession browser = new WebSession("http://127.0.0.1:" + port);
        browser.get("/");
        browser.post("/request", Map.of("identifier", "alice"));
        EngineJobs.awaitIdle(managementService, resetStarter);
        String token = TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], PUBLIC_BASE);

        // When she first tries a weak password, then a strong one
        browser.get("/reset/" + token);
        assertThat(browser.post("/reset", Map.of("token", token, "password", "password1",
                "confirmPassword", "password1")).status()).isEqualTo(422);
        assertThat(browser.post("/reset", Map.of("token", token, "password", "Quartz-Meadow-Lantern-64",
                "confirmPassword", "Quartz-Meadow-Lantern-64")).status()).isEqualTo(200);
        EngineJobs.awaitIdle(managementService, resetStarter);
        TestSmtp.awaitMessages(mailbox, 2);

        // Then the scrape counts it all: the request, both mails, the refusal, the completion, the directory calls,
        // and an empty inbox
        String metrics = get(managementPort, "/actuator/prometheus").body();
        assertThat(metrics)
                .contains("resetflow_requests_total{result=\"queued\"} 1.0")
                .contains("resetflow_requests_total{result=\"rate-limited\"} 0.0")
                .contains("resetflow_mails_total{kind=\"reset-link\"} 1.0")
                .contains("resetflow_mails_total{kind=\"confirmation\"} 1.0")
                .contains("resetflow_passwords_rejected_total{by=\"policy\"} 1.0")
                .contains("resetflow_resets_ended_total{outcome=\"completed\"} 1.0")
                .contains("resetflow_resets_ended_total{outcome=\"expired\"} 0.0")
                .contains("resetflow_resets_ended_total{outcome=\"superseded\"} 0.0")
                .contains("resetflow_resets_ended_total{outcome=\"no-eligible-account\"} 0.0")
                .contains("resetflow_inbox_depth 0.0")
                .containsPattern("resetflow_directory_calls_seconds_count\\{method=\"GET\",outcome=\"success\"} [1-9]")
                // nothing a user typed, no account and no address in any series
                .doesNotContain("alice").doesNotContain("127.0.0.1").doesNotContain(token);

        // When bob asks twice (the first link is superseded), lets the second expire, and nobody asks for "zed"
        browser.post("/request", Map.of("identifier", "bob"));
        EngineJobs.awaitIdle(managementService, resetStarter);
        browser.post("/request", Map.of("identifier", "bob"));
        browser.post("/request", Map.of("identifier", "zed"));
        EngineJobs.awaitIdle(managementService, resetStarter);
        managementService.executeJob(managementService.createJobQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).timers().singleResult().getId());

        // Then each ending is counted under its own outcome
        assertThat(get(managementPort, "/actuator/prometheus").body())
                .contains("resetflow_requests_total{result=\"queued\"} 4.0")
                .contains("resetflow_resets_ended_total{outcome=\"superseded\"} 1.0")
                .contains("resetflow_resets_ended_total{outcome=\"expired\"} 1.0")
                .contains("resetflow_resets_ended_total{outcome=\"no-eligible-account\"} 1.0")
                .contains("resetflow_resets_ended_total{outcome=\"completed\"} 1.0");
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return send(port, path, "GET");
    }

    private HttpResponse<String> send(int port, String path, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}

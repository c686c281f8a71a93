package org.resetflow.helpdesk;

import org.resetflow.EngineJobs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.Mockito.when;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineRest;
import org.resetflow.TestSmtp;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * An admin's day in Cockpit: the mail server is down, the reset mail's job runs out of retries and becomes an
 * incident that says what failed and what to check; the server comes back, the admin retries the job through the
 * REST API Cockpit uses, and the mail goes out. The mail server here is a GreenMail of this test alone, on a fixed
 * port, so it can be stopped and started again where the application expects it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=http://directory.invalid/scim/v2",
        "resetflow.public-base-url=https://reset.example.org",
        TestSmtp.HOST})
class CockpitRetryTest {

    private static final int SMTP_PORT = freePort();
    private static GreenMail smtp = startSmtp();

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @MockitoBean
    Directory directory;

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    IdentityService identityService;
    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;

    private static final String adminPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    @BeforeEach
    void setUp() {
        EngineRest.useEngineOf(processEngine);
        User admin = identityService.createUserQuery().userId("adam").singleResult();
        if (admin == null) {
            admin = identityService.newUser("adam");
            admin.setPassword(adminPassword);
            identityService.saveUser(admin);
            identityService.createMembership("adam", "admins");
        }
        when(directory.findByUserName("alice")).thenReturn(List.of(
                new DirectoryAccount("id-alice", "alice", "alice@example.org", "Alice Adams", true)));
    }

    @Test
    void shouldTurnAMailOutageIntoAnIncidentThatARetryResolves() throws Exception {
        // Given the mail server is down when alice asks for a reset
        smtp.stop();
        resetRequests.request("alice", "192.0.2.1");
        String reset = EngineJobs.startQueuedResets(managementService, runtimeService, resetStarter).get(0);

        // When the job that issues and mails her link fails every time, until its retries run out
        int attempts = 0;
        while (job(reset).getRetries() > 0 && attempts < 10) {
            Throwable failure = catchThrowable(() -> managementService.executeJob(job(reset).getId()));
            assertThat(failure).as("the mail server is down").isNotNull();
            attempts++;
        }

        // Then it was retried with growing pauses, and is now an incident that says what failed and what to check
        assertThat(attempts).isEqualTo(5);
        Incident incident = runtimeService.createIncidentQuery().processInstanceId(reset).singleResult();
        assertThat(incident.getActivityId()).isEqualTo("Task_IssueToken");
        assertThat(incident.getIncidentMessage())
                .contains("Could not send the 'reset-link' mail through 127.0.0.1:" + SMTP_PORT)
                .contains("Check that the mail server is running")
                .doesNotContain("/reset/");
        assertThat(managementService.getJobExceptionStacktrace(job(reset).getId())).doesNotContain("/reset/");
        assertThat(runtimeService.getActiveActivityIds(reset)).containsExactly("Task_IssueToken");

        // When the mail server is back and an admin retries the job as Cockpit does
        smtp = startSmtp();
        HttpResponse<String> retried = rest("PUT", "/job/" + job(reset).getId() + "/retries", "{\"retries\":1}");
        assertThat(retried.statusCode()).isEqualTo(204);
        assertThat(runtimeService.createIncidentQuery().processInstanceId(reset).count()).isZero();
        managementService.executeJob(job(reset).getId());

        // Then alice gets her link, and the reset waits for her new password
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(TestSmtp.resetToken(mails[0], "https://reset.example.org")).isNotBlank();
        assertThat(runtimeService.getActiveActivityIds(reset)).containsExactly("Task_WaitForNewPassword");
    }

    @Test
    void shouldRetryEveryRemoteStepWithBackOffBeforeAnIncident() {
        // Every asynchronous step of every model that calls out (directory, mail) has a growing retry cycle
        var models = processEngine.getRepositoryService().createProcessDefinitionQuery().latestVersion().list();
        assertThat(models).isNotEmpty();
        for (var definition : models) {
            var model = processEngine.getRepositoryService().getBpmnModelInstance(definition.getId());
            for (var task : model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.ServiceTask.class)) {
                if (!task.isCamundaAsyncBefore()) {
                    continue;
                }
                var cycles = task.getExtensionElements() == null ? List.<String>of()
                        : task.getExtensionElements().getElementsQuery()
                        .filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle.class)
                        .list().stream().map(c -> c.getTextContent().trim()).toList();
                assertThat(cycles).as(definition.getKey() + "/" + task.getId() + " retry cycle").hasSize(1);
                List<Duration> pauses = java.util.Arrays.stream(cycles.get(0).split(",")).map(Duration::parse).toList();
                assertThat(pauses).as(task.getId() + ": several retries, each pause longer than the one before")
                        .hasSizeGreaterThanOrEqualTo(2).isSorted().doesNotHaveDuplicates();
            }
        }
    }

    private Job job(String reset) {
        return managementService.createJobQuery().processInstanceId(reset).messages().singleResult();
    }

    private HttpResponse<String> rest(String method, String path, String json) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString(("adam:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/engine-rest" + path))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static GreenMail startSmtp() {
        GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.resetflow.operations;

import org.resetflow.EngineJobs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.resetflow.PasswordResetProcess;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.helpdesk.AccountActivationProcess;
import org.resetflow.helpdesk.HelpdeskResetProcess;
import org.resetflow.password.PasswordHandover;
import org.resetflow.request.RequestPurpose;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.AccountGoneException;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.PasswordRejectedByDirectoryException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * Each counter and gauge ResetFlow registers, driven by the event it names and by none other: every scenario compares
 * all {@code resetflow.*} counters and gauges before and after, and expects exactly the listed ones to move (a
 * success leaves every "rejected" counter where it was). The engine runs by hand, the directory is a mock, the mail
 * server is GreenMail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=http://directory.invalid/scim/v2",
        TestSmtp.HOST,
        "resetflow.public-base-url=https://reset.example.org",
        "resetflow.request.max-queued=" + ResetMetricsTest.INBOX_BOUND})
class ResetMetricsTest {

    /** More requests than all the other scenarios make together. */
    static final int INBOX_BOUND = 40;

    private static final String STRONG_PASSWORD = "Velvet-Harbor-Quietly-92";
    private static final DirectoryAccount ALICE =
            new DirectoryAccount("id-alice", "alice", "alice@example.org", "Alice Adams", true);
    private static final DirectoryAccount BOB = new DirectoryAccount("id-bob", "bob", "bob@example.org", "Bob Brown",
            true, List.of("staff", "admins"));

    @SuppressWarnings("unused")
    private static final com.icegreen.greenmail.util.GreenMail smtp = TestSmtp.server();

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry);
    }

    @MockitoBean
    Directory directory;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;
    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    TaskService taskService;
    @Autowired
    IdentityService identityService;
    @Autowired
    HistoryService historyService;
    @Autowired
    PasswordHandover handover;
    @Autowired
    DataSource dataSource;

    @BeforeEach
    void setUp() {
        // A request an earlier scenario left in the inbox would be started first by the next scenario.
        resetStarter.startQueued();
        TestSmtp.purge();
        // No earlier resets: the policy counts an account's recent ones, and a fourth would get fewer attempts.
        List<String> running = runtimeService.createProcessInstanceQuery().rootProcessInstances().list().stream()
                .map(ProcessInstance::getId).toList();
        if (!running.isEmpty()) {
            runtimeService.deleteProcessInstances(running, "next scenario", true, true);
        }
        List<String> ended = historyService.createHistoricProcessInstanceQuery().list().stream()
                .map(HistoricProcessInstance::getId).toList();
        if (!ended.isEmpty()) {
            historyService.deleteHistoricProcessInstances(ended);
        }
        new JdbcTemplate(dataSource).update("DELETE FROM rf_account_reset");
        when(directory.findByUserName("alice")).thenReturn(List.of(ALICE));
        when(directory.findByUserName("bob")).thenReturn(List.of(BOB));
        when(directory.findByUserName("nobody")).thenReturn(List.of());
    }

    @Test
    void shouldCountACompletedResetAsCompletedAndNoPasswordAsRejected() {
        // Given a snapshot of every counter
        Map<String, Double> before = counts();

        // When alice asks, gets her link, sets a strong password, and is told
        ProcessInstance reset = waitingResetForAlice();
        submit(reset, STRONG_PASSWORD);
        runDueJobs();

        // Then the request, both mails and the completion count, and no counter of refusals moves
        assertThat(moved(before)).isEqualTo(Map.of(
                "resetflow.requests{result=queued}", 1.0,
                "resetflow.mails{kind=reset-link}", 1.0,
                "resetflow.mails{kind=confirmation}", 1.0,
                "resetflow.resets.ended{outcome=completed}", 1.0));
    }

    @Test
    void shouldCountAPasswordThePolicyRefusedAsRejectedByThePolicyOnly() {
        // Given alice waits at the password form
        ProcessInstance reset = waitingResetForAlice();
        Map<String, Double> before = counts();

        // When she submits a weak password
        submit(reset, "password1");

        // Then one refusal by the policy, and nothing else: the reset still waits
        assertThat(moved(before)).isEqualTo(Map.of("resetflow.passwords.rejected{by=policy}", 1.0));
    }

    @Test
    void shouldCountAPasswordTheDirectoryRefusedAsRejectedByTheDirectoryOnly() {
        // Given alice waits at the password form, and the directory's own policy will refuse her password
        ProcessInstance reset = waitingResetForAlice();
        doThrow(new PasswordRejectedByDirectoryException("Password was used recently", STRONG_PASSWORD))
                .when(directory).setPassword(eq("id-alice"), anyString());
        Map<String, Double> before = counts();

        // When she submits it
        submit(reset, STRONG_PASSWORD);

        // Then one refusal by the directory, none by the policy, and no ending
        assertThat(moved(before)).isEqualTo(Map.of("resetflow.passwords.rejected{by=directory}", 1.0));
    }

    @Test
    void shouldCountTooManyAttemptsOnceAndEachRefusalByThePolicy() {
        // Given alice waits at the password form, allowed 5 attempts
        ProcessInstance reset = waitingResetForAlice();
        Map<String, Double> before = counts();

        // When five passwords are refused
        for (int attempt = 0; attempt < 5; attempt++) {
            submit(reset, "short");
        }

        // Then five refusals by the policy and one ending at too many attempts
        assertThat(moved(before)).isEqualTo(Map.of(
                "resetflow.passwords.rejected{by=policy}", 5.0,
                "resetflow.resets.ended{outcome=too-many-attempts}", 1.0));
    }

    @Test
    void shouldCountAnExpiredLinkAsExpiredOnly() {
        // Given alice waits with her link
        ProcessInstance reset = waitingResetForAlice();
        Map<String, Double> before = counts();

        // When the link's lifetime is over
        managementService.executeJob(managementService.createJobQuery().processInstanceId(reset.getId()).timers()
                .singleResult().getId());

        // Then one expiry
        assertThat(moved(before)).isEqualTo(Map.of("resetflow.resets.ended{outcome=expired}", 1.0));
    }

    @Test
    void shouldCountASupersededLinkAsSupersededBesidesTheNewRequestAndItsMail() {
        // Given alice waits with her link
        waitingResetForAlice();
        Map<String, Double> before = counts();

        // When she asks again
        waitingResetForAlice();

        // Then the second request and its mail, and the first reset superseded
        assertThat(moved(before)).isEqualTo(Map.of(
                "resetflow.requests{result=queued}", 1.0,
                "resetflow.mails{kind=reset-link}", 1.0,
                "resetflow.resets.ended{outcome=superseded}", 1.0));
    }

    @Test
    void shouldCountARequestThatFindsNoAccountAsNoEligibleAccount() {
        Map<String, Double> before = counts();

        // When somebody asks for a name the directory does not know
        resetRequests.request("nobody", "192.0.2.1");
        startQueuedAndRunDueJobs();

        // Then the request and its silent ending, no mail
        assertThat(moved(before)).isEqualTo(Map.of(
                "resetflow.requests{result=queued}", 1.0,
                "resetflow.resets.ended{outcome=no-eligible-account}", 1.0));
    }

    @Test
    void shouldCountAnAccountThatVanishedAsAccountGoneAndNotAsARefusal() {
        // Given alice waits at the password form, and her account is deleted meanwhile
        ProcessInstance reset = waitingResetForAlice();
        doThrow(new AccountGoneException("Account id-alice not found at directory.invalid"))
                .when(directory).setPassword(eq("id-alice"), anyString());
        Map<String, Double> before = counts();

        // When she submits a good password
        submit(reset, STRONG_PASSWORD);

        // Then one ending at account gone
        assertThat(moved(before)).isEqualTo(Map.of("resetflow.resets.ended{outcome=account-gone}", 1.0));
    }

    @Test
    void shouldCountARejectionByTheHelpdeskAsItsOwnOutcome() {
        // Given bob's reset waits for the helpdesk
        Map<String, Double> before = counts();
        resetRequests.request("bob", "192.0.2.1");
        startQueuedAndRunDueJobs();
        Task approval = taskService.createTaskQuery().taskDefinitionKey(PasswordResetProcess.TASK_APPROVE_RESET)
                .singleResult();

        // When the helpdesk rejects it
        asHelpdesk(() -> taskService.complete(approval.getId(), Variables.createVariables()
                .putValue("approvalDecision", "reject").putValue("approvalComment", "Owner is on leave")));

        // Then the request and the rejection, and no mail
        assertThat(moved(before)).isEqualTo(Map.of(
                "resetflow.requests{result=queued}", 1.0,
                "resetflow.resets.ended{outcome=approval-rejected}", 1.0));
    }

    @Test
    void shouldCountAnApprovalThatCameTooLateWithItsOwnMailAndOutcome() {
        // Given bob's reset waits for the helpdesk
        resetRequests.request("bob", "192.0.2.1");
        startQueuedAndRunDueJobs();
        Map<String, Double> before = counts();

        // When the deadline passes and the owner is told
        managementService.executeJob(managementService.createJobQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).timers().singleResult().getId());
        runDueJobs();

        // Then the "not approved in time" mail and the ending, each under its own name
        assertThat(moved(before)).isEqualTo(Map.of(
                "resetflow.mails{kind=approval-expired}", 1.0,
                "resetflow.resets.ended{outcome=approval-expired}", 1.0));
    }

    @Test
    void shouldCountAnActivationMailAsAnActivationAndNotAsAResetLink() {
        DirectoryAccount erin = new DirectoryAccount("id-erin", "erin", "erin@example.org", "Erin Evans", true);
        when(directory.createUser(any(), anyString())).thenReturn("id-erin");
        when(directory.readAccount("id-erin")).thenReturn(erin);
        Map<String, Double> before = counts();

        // When the helpdesk creates erin's account and the jobs run
        asHelpdesk(() -> runtimeService.startProcessInstanceByKey(AccountActivationProcess.PROCESS_KEY,
                Variables.createVariables()
                        .putValue(AccountActivationProcess.VAR_ACCOUNT_NAME, "erin")
                        .putValue(AccountActivationProcess.VAR_NEW_ACCOUNT_EMAIL, "erin@example.org")));
        runDueJobs();

        // Then one activation mail, no reset-link mail and no request from the page
        assertThat(moved(before)).isEqualTo(Map.of("resetflow.mails{kind=activation}", 1.0));
    }

    @Test
    void shouldCountAGeneratedPasswordMailAsSuchAndNotAsAResetLink() {
        when(directory.generatesPasswords()).thenReturn(true);
        Map<String, Double> before = counts();

        // When the helpdesk asks for a generated password for alice and the jobs run
        asHelpdesk(() -> runtimeService.startProcessInstanceByKey(HelpdeskResetProcess.PROCESS_KEY,
                Variables.createVariables()
                        .putValue(HelpdeskResetProcess.VAR_OPERATION, HelpdeskResetProcess.OPERATION_GENERATED_PASSWORD)
                        .putValue(HelpdeskResetProcess.VAR_ACCOUNT_NAMES, "alice")));
        runDueJobs();

        // Then one generated-password mail
        assertThat(moved(before)).isEqualTo(Map.of("resetflow.mails{kind=generated-password}", 1.0));
    }

    /**
     * Last: with the job executor off nothing tells the page's request count that the inbox emptied, so once full it
     * stays full for this context, and every later request would be dropped.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void shouldCountARequestPastTheInboxBoundAsDroppedOnly() {
        // Given requests arrive until the inbox holds as many as it may (each one queued, and the inbox deeper) ...
        for (int request = 0; request <= INBOX_BOUND; request++) {
            Map<String, Double> before = counts();
            resetRequests.request("nobody", "192.0.2.1");
            Map<String, Double> moved = moved(before);
            if (!moved.equals(Map.of("resetflow.requests{result=queued}", 1.0, "resetflow.inbox.depth", 1.0))) {
                // ... when one more comes, it is dropped and counted as such: not queued, and the inbox no deeper
                assertThat(moved).isEqualTo(Map.of("resetflow.requests.dropped", 1.0));
                return;
            }
        }
        throw new AssertionError(INBOX_BOUND + 1 + " requests, and none was dropped");
    }

    @Test
    void shouldShowRequestsWaitingForTheirLookUpInTheInboxDepth() {
        Map<String, Double> before = counts();

        // When a request is queued and its look-up has not started
        resetRequests.request("nobody", "192.0.2.1");

        // Then the inbox is one deeper, beside the queued request
        assertThat(moved(before)).isEqualTo(Map.of(
                "resetflow.requests{result=queued}", 1.0,
                "resetflow.inbox.depth", 1.0));

        // When its reset starts, the depth is back where it was
        Map<String, Double> queued = counts();
        startQueuedAndRunDueJobs();
        assertThat(moved(queued)).isEqualTo(Map.of(
                "resetflow.inbox.depth", -1.0,
                "resetflow.resets.ended{outcome=no-eligible-account}", 1.0));
    }

    @Test
    void shouldCountARequestTheRateLimitTurnedAwayAsRateLimitedOnly() {
        // Given one network asked for one name as often as the rate limit allows (5 an hour, the default)
        WebSession browser = new WebSession("http://127.0.0.1:" + port);
        browser.get("/");
        for (int i = 0; i < 5; i++) {
            browser.post("/request", Map.of("identifier", "nobody"));
        }
        startQueuedAndRunDueJobs();
        Map<String, Double> before = counts();

        // When it asks once more
        browser.post("/request", Map.of("identifier", "nobody"));

        // Then the request is counted as rate-limited, and nothing was queued
        assertThat(moved(before)).isEqualTo(Map.of("resetflow.requests{result=rate-limited}", 1.0));
    }

    @Test
    void shouldCountAnUnlockWithItsLinkItsConfirmationAndItsOwnOutcome() {
        // Given alice is locked out, and asks for an unlock
        when(directory.findByUserName("alice")).thenReturn(List.of(new DirectoryAccount("id-alice", "alice",
                "alice@example.org", "Alice Adams", true, List.of(), null, null, null, true)));
        Map<String, Double> before = counts();
        resetRequests.request("alice", "192.0.2.1", null, RequestPurpose.UNLOCK);
        String id = EngineJobs.startQueuedResets(managementService, runtimeService, resetStarter).get(0);
        runDueJobs();

        // When she presses the button behind her link, and the confirmation goes out
        handover.during(new PasswordHandover.Submitted(id, null, null),
                () -> runtimeService.createMessageCorrelation(PasswordResetProcess.MSG_PASSWORD_SUBMITTED)
                        .processInstanceId(id).correlateWithResult());
        runDueJobs();

        // Then an unlock link, an unlock confirmation and one unlocked account, and no password event
        assertThat(moved(before)).isEqualTo(Map.of(
                "resetflow.requests{result=queued}", 1.0,
                "resetflow.mails{kind=unlock-link}", 1.0,
                "resetflow.mails{kind=unlocked}", 1.0,
                "resetflow.resets.ended{outcome=account-unlocked}", 1.0));
    }

    @Test
    void shouldCountAnUnlockThatWasNotNeededAsNoUnlockWithItsMail() {
        // Given alice is not locked
        Map<String, Double> before = counts();

        // When she asks for an unlock, and the jobs run
        resetRequests.request("alice", "192.0.2.1", null, RequestPurpose.UNLOCK);
        startQueuedAndRunDueJobs();

        // Then one mail without a link and one ending without an unlock
        assertThat(moved(before)).isEqualTo(Map.of(
                "resetflow.requests{result=queued}", 1.0,
                "resetflow.mails{kind=no-unlock}", 1.0,
                "resetflow.resets.ended{outcome=no-unlock}", 1.0));
    }

    /** Every counter and gauge named {@code resetflow.*}, by name and tags; timers are not event counts. */
    private Map<String, Double> counts() {
        Map<String, Double> counts = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            if (!name.startsWith("resetflow.")) {
                continue;
            }
            double value;
            if (meter instanceof Counter counter) {
                value = counter.count();
            } else if (meter instanceof Gauge gauge) {
                value = gauge.value();
            } else {
                continue;
            }
            List<Tag> tags = meter.getId().getTags();
            counts.put(tags.isEmpty() ? name : name + tags.stream().map(t -> t.getKey() + "=" + t.getValue())
                    .collect(Collectors.joining(",", "{", "}")), value);
        }
        return counts;
    }

    /** What moved since {@code before}, and by how much; a meter registered since then counts from 0. */
    private Map<String, Double> moved(Map<String, Double> before) {
        Map<String, Double> moved = new TreeMap<>();
        counts().forEach((meter, value) -> {
            double delta = value - before.getOrDefault(meter, 0.0);
            if (delta != 0) {
                moved.put(meter, delta);
            }
        });
        return moved;
    }

    private ProcessInstance waitingResetForAlice() {
        resetRequests.request("alice", "192.0.2.1");
        String id = EngineJobs.startQueuedResets(managementService, runtimeService, resetStarter).get(0);
        runDueJobs();
        ProcessInstance reset = runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
        assertThat(runtimeService.getActiveActivityIds(id)).containsExactly("Task_WaitForNewPassword");
        return reset;
    }

    private void submit(ProcessInstance reset, String password) {
        handover.during(new PasswordHandover.Submitted(reset.getId(), password, password),
                () -> runtimeService.createMessageCorrelation(PasswordResetProcess.MSG_PASSWORD_SUBMITTED)
                        .processInstanceId(reset.getId()).correlateWithResult());
    }

    private void startQueuedAndRunDueJobs() {
        resetStarter.startQueued();
        runDueJobs();
    }

    /** What the job executor would do now: every due job, until none is left (timers not yet due stay). */
    private void runDueJobs() {
        for (int round = 0; round < 30; round++) {
            List<Job> due = managementService.createJobQuery().executable().list();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(j -> managementService.executeJob(j.getId()));
        }
        throw new AssertionError("jobs keep coming");
    }

    private void asHelpdesk(Runnable call) {
        identityService.setAuthentication("helen", List.of("helpdesk"));
        try {
            call.run();
        } finally {
            identityService.clearAuthentication();
        }
    }
}

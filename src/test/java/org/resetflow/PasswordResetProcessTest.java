package org.resetflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import org.assertj.core.api.Condition;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageTestExecutionListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.helpdesk.AccountActivationProcess;
import org.resetflow.helpdesk.HelpdeskResetProcess;
import org.resetflow.directory.AccountGoneException;
import org.resetflow.directory.BulkPasswordResult;
import org.resetflow.directory.Directory;
import org.resetflow.directory.NewAccount;
import org.resetflow.directory.UserNameTakenException;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.PasswordRejectedByDirectoryException;
import org.resetflow.password.GeneratedPasswordHandover;
import org.resetflow.password.PasswordHandover;
import org.resetflow.request.RequestPurpose;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.RequestIntakeProcess;
import org.resetflow.request.ResetStarter;
import org.resetflow.token.ResetTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * Every path through {@code password-reset.bpmn}, with the real delegates, the real token table and a real SMTP
 * server (GreenMail); only the directory is a mock. Jobs are executed by hand, so each wait state can be asserted.
 */
@SpringBootTest(properties = {
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=http://directory.invalid/scim/v2",
        TestSmtp.HOST,
        "resetflow.public-base-url=https://reset.example.org"})
@Import({PasswordResetProcessTest.FullCoverage.class, ProcessEngineCoverageConfiguration.class})
@TestExecutionListeners(listeners = {ProcessEngineCoverageTestExecutionListener.class, EveryProcessFullyCovered.class},
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
class PasswordResetProcessTest {

    private static final String STRONG_PASSWORD = "Velvet-Harbor-Quietly-92";
    private static final Pattern LINK = Pattern.compile("https://reset\\.example\\.org/reset/([A-Za-z0-9_-]{43})");
    private static final DirectoryAccount ALICE =
            new DirectoryAccount("id-alice", "alice", "alice@example.org", "Alice Adams", true);

    private static final DirectoryAccount BOB = new DirectoryAccount("id-bob", "bob", "bob@example.org", "Bob Brown",
            true, List.of("staff", "admins"));

    /** Locked out after wrong passwords (AD lockoutTime, OpenLDAP pwdAccountLockedTime): an unlock helps. */
    private static final DirectoryAccount LOCKED_ALICE = new DirectoryAccount("id-alice", "alice", "alice@example.org",
            "Alice Adams", true, List.of(), null, null, null, true);
    private static final DirectoryAccount LOCKED_BOB = new DirectoryAccount("id-bob", "bob", "bob@example.org",
            "Bob Brown", true, List.of("staff", "admins"), null, null, null, true);

    private static final GreenMail smtp = TestSmtp.server();

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry);
    }

    @MockitoBean
    Directory directory;

    @Autowired
    ProcessEngine processEngine;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetTokens resetTokens;
    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    PasswordHandover handover;
    @Autowired
    GeneratedPasswordHandover generatedHandover;
    @Autowired
    TaskService taskService;
    @Autowired
    IdentityService identityService;

    @Autowired
    HistoryService historyService;
    @Autowired
    org.camunda.bpm.engine.RepositoryService repositoryService;
    @Autowired
    javax.sql.DataSource dataSource;

    @BeforeEach
    void setUp() {
        init(processEngine);
        TestSmtp.purge();
        // Every scenario starts with no earlier resets: the policy counts an account's recent ones.
        List<String> running = runtimeService.createProcessInstanceQuery().rootProcessInstances().list().stream().map(ProcessInstance::getId).toList();
        if (!running.isEmpty()) {
            runtimeService.deleteProcessInstances(running, "next scenario", true, true);
        }
        List<String> ended = historyService.createHistoricProcessInstanceQuery().list().stream()
                .map(org.camunda.bpm.engine.history.HistoricProcessInstance::getId).toList();
        if (!ended.isEmpty()) {
            historyService.deleteHistoricProcessInstances(ended);
        }
        new org.springframework.jdbc.core.JdbcTemplate(dataSource).update("DELETE FROM rf_account_reset");
    }

    @Test
    void shouldResetPasswordAndConfirmByMail() throws Exception {
        // Given an active, unique account
        when(directory.findByUserName("alice")).thenReturn(List.of(ALICE));

        // When alice asks for a reset, her batch's look-up runs, and then the reset's jobs
        ProcessInstance reset = requestReset("alice");
        assertThat(reset).isWaitingAt("Task_IssueToken");
        assertThat(reset).variables().containsEntry("accountId", "id-alice").containsEntry("accountPrivileged", false)
                .doesNotContainKey("identifier");
        assertThat(reset).variables().containsEntry("tokenLifetime", "PT10M").containsEntry("maxAttempts", 5)
                .containsEntry("checkBreachedPasswords", true);
        assertThat(reset).hasPassed("Task_DecidePasswordChecks");
        execute(job(reset));

        // Then she gets one mail with one link, and the reset waits for her password
        assertThat(reset).isWaitingAt("Task_WaitForNewPassword");
        String token = tokenFromOnlyMail("alice@example.org");
        assertThat(resetTokens.findReset(token)).contains(reset.getId());

        // When she submits a strong password
        submit(reset, STRONG_PASSWORD, STRONG_PASSWORD);

        // Then the directory has it, the link is used up, and a confirmation follows
        verify(directory).setPassword("id-alice", STRONG_PASSWORD);
        assertThat(resetTokens.findReset(token)).isEmpty();
        assertThat(reset).isWaitingAt("Task_SendConfirmationMail");
        execute(job(reset));
        assertThat(reset).isEnded().hasPassed("EndEvent_PasswordReset");
        MimeMessage confirmation = smtp.getReceivedMessages()[1];
        assertThat(confirmation.getSubject()).isEqualTo("Your password was changed");
        assertThat(GreenMailUtil.getBody(confirmation)).doesNotContain(STRONG_PASSWORD).doesNotContain(token);
    }

    /**
     * The build fails unless these scenarios pass every flow node and sequence flow of every process model: 100 % in
     * total here, and per process and per element kind in {@link EveryProcessFullyCovered}.
     */
    @TestConfiguration
    static class FullCoverage {
        // Primary: the library also defines its default (no conditions), and looks the properties up by type.
        @Bean
        @Primary
        ProcessEngineCoverageProperties fullCoverageProperties() {
            return new ProcessEngineCoverageProperties(true, false, List.of(),
                    List.of(new Condition<>(coverage -> coverage >= 1.0, "100 percent of flow nodes and sequence flows")),
                    Map.of(), List.of(), "target/process-test-coverage");
        }
    }

    @Test
    void shouldRefuseAnEngineCallThatTriesToLeaveTheWaitStateWithoutThePublicPage() {
        // Given alice waits for her new password
        ProcessInstance reset = waitingResetForAlice();
        String token = tokenFromOnlyMail("alice@example.org");

        // When an engine user correlates the submission message directly, even with the password as variables
        assertThatThrownBy(() -> runtimeService.createMessageCorrelation(PasswordResetProcess.MSG_PASSWORD_SUBMITTED)
                .processInstanceId(reset.getId())
                .setVariable("newPassword", Variables.stringValue(STRONG_PASSWORD, true))
                .setVariable("confirmPassword", Variables.stringValue(STRONG_PASSWORD, true))
                .correlate())
                .isInstanceOf(AuthorizationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(STRONG_PASSWORD));

        // Then it is rolled back: still waiting, no attempt used, nothing sent to the directory, the link still works
        assertThat(reset).isWaitingAt("Task_WaitForNewPassword");
        assertThat(reset).variables().doesNotContainKey("failedAttempts");
        verify(directory, never()).setPassword(anyString(), anyString());
        assertThat(resetTokens.findReset(token)).contains(reset.getId());
    }

    @Test
    void shouldRefuseAPasswordAsAPersistentVariable() {
        // Given alice waits for her new password
        ProcessInstance reset = waitingResetForAlice();

        // When an engine user stores a password under a secret's name
        assertThatThrownBy(() -> runtimeService.setVariable(reset.getId(), "newPassword", STRONG_PASSWORD))
                .isInstanceOf(AuthorizationException.class);

        // Then no such variable exists, and the reset still waits
        assertThat(reset).variables().doesNotContainKey("newPassword");
        assertThat(reset).isWaitingAt("Task_WaitForNewPassword");
    }

    @Test
    void shouldRefuseAResetStartedOverTheEngineForAnAccountItNames() {
        // When an engine admin starts a reset directly, naming alice's account as the intake would
        identityService.setAuthentication("adam", List.of("camunda-admin"));
        try {
            assertThatThrownBy(() -> runtimeService.startProcessInstanceByKey(PasswordResetProcess.PROCESS_KEY,
                    Variables.createVariables().putValue("accountId", "id-alice").putValue("accountUserName", "alice")
                            .putValue("accountEmail", "mallory@example.net").putValue("channel", "self-service")))
                    .isInstanceOf(AuthorizationException.class);
        } finally {
            identityService.clearAuthentication();
        }
        // or code calls the engine's API without a signed-in user, outside the intake
        assertThatThrownBy(() -> runtimeService.startProcessInstanceByKey(PasswordResetProcess.PROCESS_KEY,
                Variables.createVariables().putValue("accountId", "id-alice").putValue("channel", "self-service")))
                .isInstanceOf(AuthorizationException.class);

        // Then no reset exists and nothing was mailed: only the intake and a helpdesk process's call start one
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                .count()).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        verifyNoInteractions(directory);
    }

    @Test
    void shouldMakeNoDirectoryCallBeforeTheRequestHasBeenAnswered() {
        // When a request is taken, as the request page does, and the starter puts it in a batch
        ProcessInstance intake = takeRequest("alice");

        // Then the start only wrote the batch's intake and its job: the look-up waits for the job executor, and
        // the batch's id is the intake's only variable
        assertThat(intake).isWaitingAt(RequestIntakeProcess.TASK_LOOK_UP_ACCOUNTS);
        assertThat(job(intake)).isNotNull();
        assertThat(runtimeService.getVariables(intake.getId())).containsOnlyKeys(RequestIntakeProcess.VAR_BATCH_ID);
        verifyNoInteractions(directory);
    }

    @Test
    void shouldStartNoResetWhenNoAccountMatches() throws Exception {
        // Given no account named "Typed-Password-41", which somebody typed into the wrong field
        when(directory.findByUserName("Typed-Password-41")).thenReturn(List.of());

        // When a reset is requested for it, and its batch is looked up
        ProcessInstance intake = requestWithoutReset("Typed-Password-41");

        // Then the batch ends without a reset and without a mail, and what was typed is nowhere in the engine
        assertThat(intake).isEnded().hasPassed(RequestIntakeProcess.TASK_START_RESETS, "EndEvent_ResetsStarted");
        assertThat(smtp.getReceivedMessages()).isEmpty();
        DatabaseScan.assertNoneContains(dataSource, "Typed-Password-41");
    }

    @Test
    void shouldEndSilentlyForAnInactiveAccount() {
        // Given carol's account is disabled
        when(directory.findByUserName("carol"))
                .thenReturn(List.of(new DirectoryAccount("id-carol", "carol", "carol@example.org", "Carol", false)));

        // When a reset is requested for carol
        requestWithoutReset("carol");

        // Then no mail goes to the disabled account
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void shouldEndSilentlyWhenAnEmailAddressIsShared() {
        // Given two active accounts share one address
        when(directory.findByEmail("shared@example.org")).thenReturn(List.of(
                new DirectoryAccount("id-dave", "dave", "shared@example.org", "Dave", true),
                new DirectoryAccount("id-erin", "erin", "shared@example.org", "Erin", true)));

        // When a reset is requested by that address
        requestWithoutReset("shared@example.org");

        // Then neither gets a link: the address does not say whose password would change
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void shouldReturnToTheFormWithTheReasonWhenPasswordIsRejectedThenAcceptAStrongOne() {
        // Given alice waits at the password form
        ProcessInstance reset = waitingResetForAlice();

        // When she submits a weak password
        submit(reset, "password1", "password1");

        // Then she is back at the form with the reason, and nothing reached the directory
        assertThat(reset).isWaitingAt("Task_WaitForNewPassword");
        assertThat(reset).variables()
                .containsEntry("rejectionReason", "too-weak")
                .containsEntry("failedAttempts", 1);
        verify(directory, never()).setPassword(anyString(), anyString());

        // When she then submits two different passwords, and finally a strong one
        submit(reset, STRONG_PASSWORD, STRONG_PASSWORD + "x");
        assertThat(reset).variables().containsEntry("rejectionReason", "mismatch").containsEntry("failedAttempts", 2);
        submit(reset, STRONG_PASSWORD, STRONG_PASSWORD);

        // Then the password is set
        verify(directory).setPassword("id-alice", STRONG_PASSWORD);
        assertThat(reset).isWaitingAt("Task_SendConfirmationMail");
    }

    @Test
    void shouldEndAtTooManyAttemptsAfterTheModelsLimit() {
        // Given alice waits at the password form, allowed 5 attempts by the policy table
        ProcessInstance reset = waitingResetForAlice();

        // When five passwords are rejected
        for (int attempt = 1; attempt <= 5; attempt++) {
            submit(reset, "short", "short");
        }

        // Then the link is burned and the reset ends
        assertThat(reset).isEnded().hasPassed("EndEvent_TooManyAttempts");
        verify(directory, never()).setPassword(anyString(), anyString());
    }

    @Test
    void shouldEndAtTokenExpiredWhenTheTimerFires() {
        // Given alice waits at the password form
        ProcessInstance reset = waitingResetForAlice();
        Job timer = managementService.createJobQuery().processInstanceId(reset.getId()).timers().singleResult();
        // the timer and the stored link expire at the same instant
        assertThat(timer.getDuedate()).isEqualTo((Date) runtimeService.getVariable(reset.getId(), "tokenExpiresAt"));

        String token = tokenFromOnlyMail("alice@example.org");

        // When the link's lifetime is over
        execute(timer);

        // Then the reset ends and the link is revoked
        assertThat(reset).isEnded().hasPassed("EndEvent_TokenExpired");
        assertThat(resetTokens.findReset(token)).isEmpty();
    }

    @Test
    void shouldKeepTaskAndLinkWhenTheDirectoryFailsDuringSetPassword() {
        // Given alice waits at the password form, and the directory is down
        ProcessInstance reset = waitingResetForAlice();
        String token = tokenFromOnlyMail("alice@example.org");
        doThrow(new DirectoryException("Setting the password at directory.invalid failed: HTTP 503", 503))
                .when(directory).setPassword(eq("id-alice"), anyString());

        // When she submits a good password
        assertThatThrownBy(() -> submit(reset, STRONG_PASSWORD, STRONG_PASSWORD))
                .isInstanceOf(DirectoryException.class)
                .satisfies(e -> assertThat(e.toString()).doesNotContain(STRONG_PASSWORD));

        // Then the completion is rolled back: task still open, link still valid, no attempt counted
        assertThat(reset).isWaitingAt("Task_WaitForNewPassword");
        assertThat(resetTokens.findReset(token)).contains(reset.getId());
        assertThat(reset).variables().doesNotContainKey("failedAttempts");
    }

    @Test
    void shouldReturnToTheFormWithTheDirectorysReasonWhenItRejectsThePassword() {
        // Given alice waits at the password form, and the directory's policy refuses her password
        ProcessInstance reset = waitingResetForAlice();
        doThrow(new PasswordRejectedByDirectoryException("Password was used recently: " + STRONG_PASSWORD,
                STRONG_PASSWORD))
                .when(directory).setPassword(eq("id-alice"), anyString());

        // When she submits it
        submit(reset, STRONG_PASSWORD, STRONG_PASSWORD);

        // Then the model's error boundary takes her back to the form with the directory's reason, password removed
        assertThat(reset).isWaitingAt("Task_WaitForNewPassword").hasPassed("Event_DirectoryRejectedPassword");
        assertThat(reset).variables()
                .containsEntry("rejectionReason", "directory")
                .containsEntry("rejectionDetail", "Password was used recently: …")
                .containsEntry("failedAttempts", 1);
    }

    @Test
    void shouldEndAtAccountGoneWhenTheDirectoryNoLongerHasTheAccount() {
        // Given alice waits at the password form, and her account is deleted meanwhile
        ProcessInstance reset = waitingResetForAlice();
        String token = tokenFromOnlyMail("alice@example.org");
        doThrow(new AccountGoneException("Account id-alice not found at directory.invalid"))
                .when(directory).setPassword(eq("id-alice"), anyString());

        // When she submits a good password
        submit(reset, STRONG_PASSWORD, STRONG_PASSWORD);

        // Then the reset ends at "Account gone", and her link is revoked
        assertThat(reset).isEnded().hasPassed("Event_AccountGone", "EndEvent_AccountGone");
        assertThat(resetTokens.findReset(token)).isEmpty();
    }

    @Test
    void shouldSupersedeTheEarlierLinkWhenTheSameAccountAsksAgain() {
        // Given alice already waits with a first link
        ProcessInstance first = waitingResetForAlice();
        String firstToken = tokenFromOnlyMail("alice@example.org");
        TestSmtp.purge();

        // When she asks again, and the new reset issues its link
        ProcessInstance second = requestReset("alice");
        assertThat(first).isWaitingAt("Task_WaitForNewPassword");
        execute(job(second));

        // Then the first reset ends at "Superseded" and its link is dead, while the new one waits with the live link
        assertThat(first).isEnded().hasPassed("EndEvent_Superseded");
        assertThat(resetTokens.findReset(firstToken)).isEmpty();
        assertThat(second).isWaitingAt("Task_WaitForNewPassword");
        String secondToken = tokenFromOnlyMail("alice@example.org");
        assertThat(secondToken).isNotEqualTo(firstToken);
        assertThat(resetTokens.findReset(secondToken)).contains(second.getId());
    }

    @Test
    void shouldAskTheHelpdeskBeforeMailingAMemberOfThePrivilegedGroup() throws Exception {
        // Given bob is in the directory's "admins" group
        when(directory.findByUserName("bob")).thenReturn(List.of(BOB));

        // When bob asks for a reset and the look-up runs
        ProcessInstance reset = requestReset("bob");

        // Then the helpdesk is asked first, with the request's facts, and no mail has gone out
        assertThat(reset).isWaitingAt(PasswordResetProcess.TASK_APPROVE_RESET);
        assertThat(reset).variables().containsEntry("approvalNeeded", true).containsEntry("accountPrivileged", true)
                .containsEntry("accountGroups", "staff, admins").containsEntry("clientAddress", "192.0.2.1");
        Task approval = taskService.createTaskQuery().processInstanceId(reset.getId()).singleResult();
        assertThat(taskService.getIdentityLinksForTask(approval.getId()))
                .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("helpdesk"));
        assertThat(smtp.getReceivedMessages()).isEmpty();

        // When a helpdesk member approves
        asHelpdesk(() -> taskService.complete(approval.getId(),
                Variables.createVariables().putValue("approvalDecision", "approve")));

        // Then the link is issued and mailed as for anybody else
        assertThat(reset).isWaitingAt("Task_IssueToken");
        execute(job(reset));
        assertThat(reset).isWaitingAt("Task_WaitForNewPassword");
        tokenFromOnlyMail("bob@example.org");
    }

    @Test
    void shouldEndWithoutAMailWhenTheHelpdeskRejects() {
        // Given bob's reset waits for the helpdesk
        when(directory.findByUserName("bob")).thenReturn(List.of(BOB));
        ProcessInstance reset = requestReset("bob");
        Task approval = taskService.createTaskQuery().processInstanceId(reset.getId()).singleResult();

        // When a helpdesk member rejects it with a reason
        asHelpdesk(() -> taskService.complete(approval.getId(), Variables.createVariables()
                .putValue("approvalDecision", "reject").putValue("approvalComment", "Owner is on leave")));

        // Then the reset ends and nobody is mailed: the requester saw the same page as everybody
        assertThat(reset).isEnded().hasPassed("EndEvent_ResetRejected");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void shouldTellTheOwnerWhenNobodyApprovesBeforeTheDeadline() throws Exception {
        // Given bob's reset waits for the helpdesk
        when(directory.findByUserName("bob")).thenReturn(List.of(BOB));
        ProcessInstance reset = requestReset("bob");
        Job deadline = managementService.createJobQuery().processInstanceId(reset.getId()).timers().singleResult();
        assertThat(deadline.getDuedate()).isAfter(new Date(System.currentTimeMillis() + 3 * 3600_000L));

        // When the deadline passes, and the mail job runs
        execute(deadline);
        assertThat(reset).isWaitingAt("Task_SendApprovalExpiredMail");
        execute(job(reset));

        // Then the reset ends and bob learns that nothing changed, without any link
        assertThat(reset).isEnded().hasPassed("EndEvent_ApprovalExpired");
        MimeMessage[] messages = smtp.getReceivedMessages();
        assertThat(messages).hasSize(1);
        assertThat(messages[0].getSubject()).isEqualTo("Your password reset was not approved in time");
        assertThat(TestSmtp.text(messages[0])).doesNotContain("/reset/");
        assertThat(taskService.createTaskQuery().processInstanceId(reset.getId()).count()).isZero();
    }

    @Test
    void shouldRefuseAHelpdeskCompletionThatRedirectsTheLink() {
        // Given bob's reset waits for the helpdesk
        when(directory.findByUserName("bob")).thenReturn(List.of(BOB));
        ProcessInstance reset = requestReset("bob");
        Task approval = taskService.createTaskQuery().processInstanceId(reset.getId()).singleResult();

        // When a helpdesk member approves and sets the address the link would go to
        assertThatThrownBy(() -> asHelpdesk(() -> taskService.complete(approval.getId(), Variables.createVariables()
                .putValue("approvalDecision", "approve").putValue("accountEmail", "mallory@example.net"))))
                .isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("accountEmail");

        // Then nothing happened: the task still waits and the address is bob's
        assertThat(reset).isWaitingAt(PasswordResetProcess.TASK_APPROVE_RESET);
        assertThat(reset).variables().containsEntry("accountEmail", "bob@example.org");
    }

    @Test
    void shouldWarnAndAllowFewerAttemptsAfterThreeEarlierResetsOfTheAccount() throws Exception {
        // Given alice asked three times already
        for (int i = 0; i < 3; i++) {
            waitingResetForAlice();
        }
        TestSmtp.purge();

        // When she asks a fourth time
        ProcessInstance fourth = waitingResetForAlice();

        // Then the policy's "repeated" rule applies: fewer attempts, and a mail that says it is not the first
        assertThat(fourth).variables().containsEntry("maxAttempts", 3)
                .containsEntry("notification", "reset-link-repeated");
        tokenFromOnlyMail("alice@example.org");
        assertThat(TestSmtp.text(smtp.getReceivedMessages()[0])).contains("not the first time");
    }

    @Test
    void shouldSendHelpdeskLinksThroughTheSelfServiceResetAndSummarizeEachAccount() throws Exception {
        // Given alice is active, carol inactive, and nobody is unknown
        when(directory.findByUserName("alice")).thenReturn(List.of(ALICE));
        when(directory.findByUserName("nobody")).thenReturn(List.of());
        when(directory.findByUserName("carol"))
                .thenReturn(List.of(new DirectoryAccount("id-carol", "carol", "carol@example.org", "Carol", false)));

        // When a helpdesk member starts "send reset links" from Tasklist for the three, and the jobs run
        ProcessInstance request = startAsHelpdesk(HelpdeskResetProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(HelpdeskResetProcess.VAR_ACCOUNT_NAMES, "alice\n nobody \ncarol\nalice"));
        runDueJobs();

        // Then alice's reset runs as self-service does, through the call: she gets one link, and it waits for her
        ProcessInstance alicesReset = runtimeService.createProcessInstanceQuery()
                .superProcessInstanceId(request.getId()).singleResult();
        assertThat(alicesReset).isWaitingAt("Task_WaitForNewPassword");
        assertThat(alicesReset).variables().containsEntry("channel", "helpdesk")
                .doesNotContainKey("helpdeskAccountName");
        tokenFromOnlyMail("alice@example.org");

        // When her link expires unused, and the other accounts' resets run
        execute(managementService.createJobQuery().processInstanceId(alicesReset.getId()).timers().singleResult());
        runDueJobs();

        // Then the helpdesk sees one line per account, each once, and nobody else got a mail
        assertThat(request).isWaitingAt(HelpdeskResetProcess.TASK_REVIEW_SUMMARY);
        assertThat((String) runtimeService.getVariable(request.getId(), HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY))
                .isEqualTo("alice: link sent, expired unused\nnobody: not found\ncarol: refused (inactive)");
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        // When the helpdesk has read it
        Task summary = taskService.createTaskQuery().processInstanceId(request.getId()).singleResult();
        asHelpdesk(() -> taskService.complete(summary.getId()));

        // Then the request is done
        assertThat(request).isEnded().hasPassed("EndEvent_LinksHandled");
    }

    @Test
    void shouldRevokeInOneDirectoryCallThenSendLinksOnlyWhereTheDirectorySaidYes() throws Exception {
        // Given alice and dave exist, nobody does, and the directory will refuse dave's write
        when(directory.findByUserName("alice")).thenReturn(List.of(ALICE));
        when(directory.findByUserName("dave"))
                .thenReturn(List.of(new DirectoryAccount("id-dave", "dave", "dave@example.org", "Dave", true)));
        when(directory.findByUserName("nobody")).thenReturn(List.of());
        // a copy, as the directory would receive it: the delegate forgets its map as soon as the call returns
        Map<String, String> written = new java.util.HashMap<>();
        when(directory.setPasswords(org.mockito.ArgumentMatchers.anyMap())).thenAnswer(call -> {
            written.putAll(call.getArgument(0));
            return List.of(new BulkPasswordResult("id-alice", 200, null),
                    new BulkPasswordResult("id-dave", 409, "Account is locked by another operation"));
        });

        // When the helpdesk asks to revoke and reset the three, and the jobs run
        ProcessInstance request = startAsHelpdesk(HelpdeskResetProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(HelpdeskResetProcess.VAR_OPERATION, HelpdeskResetProcess.OPERATION_REVOKE_AND_RESET)
                .putValue(HelpdeskResetProcess.VAR_ACCOUNT_NAMES, "alice\ndave\nnobody"));
        runDueJobs();

        // Then both found accounts went to the directory in one call, each with its own random password
        verify(directory).setPasswords(org.mockito.ArgumentMatchers.anyMap());
        assertThat(written).containsOnlyKeys("id-alice", "id-dave");
        assertThat(written.get("id-alice")).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(written.get("id-dave"));
        verify(directory, never()).setPassword(anyString(), anyString());

        // and only alice, whose write succeeded, gets a link
        ProcessInstance alicesReset = runtimeService.createProcessInstanceQuery()
                .superProcessInstanceId(request.getId()).singleResult();
        assertThat(alicesReset).isWaitingAt("Task_WaitForNewPassword");
        tokenFromOnlyMail("alice@example.org");

        // When her link expires unused
        execute(managementService.createJobQuery().processInstanceId(alicesReset.getId()).timers().singleResult());
        runDueJobs();

        // Then the summary names each account's own outcome, with the directory's reason for dave
        assertThat(request).isWaitingAt(HelpdeskResetProcess.TASK_REVIEW_SUMMARY).hasPassed("Task_RevokePasswords");
        assertThat((String) runtimeService.getVariable(request.getId(), HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY))
                .isEqualTo("nobody: not found\ndave: refused (the directory answered 409: Account is locked by "
                        + "another operation; password unchanged)\nalice: password revoked; link sent, expired unused");
        // and no random password is anywhere in the engine
        for (String password : written.values()) {
            assertThat(historyService.createHistoricVariableInstanceQuery().list())
                    .noneSatisfy(v -> assertThat(String.valueOf(v.getValue())).contains(password));
        }
    }

    @Test
    void shouldDisableSoThatSelfServiceSendsNoLinkAndReEnableSoThatItDoes() throws Exception {
        // Given a directory that keeps alice's state, has no "nobody", and refuses to change dave's
        java.util.concurrent.atomic.AtomicBoolean aliceActive = new java.util.concurrent.atomic.AtomicBoolean(true);
        when(directory.findByUserName("alice")).thenAnswer(call -> List.of(
                new DirectoryAccount("id-alice", "alice", "alice@example.org", "Alice Adams", aliceActive.get())));
        org.mockito.Mockito.doAnswer(call -> {
            aliceActive.set(call.getArgument(1));
            return null;
        }).when(directory).setActive(eq("id-alice"), org.mockito.ArgumentMatchers.anyBoolean());
        when(directory.findByUserName("nobody")).thenReturn(List.of());
        when(directory.findByUserName("dave"))
                .thenReturn(List.of(new DirectoryAccount("id-dave", "dave", "dave@example.org", "Dave", true)));
        doThrow(new DirectoryException("Directory directory.invalid failed to set the account state: HTTP 403", 403))
                .when(directory).setActive(eq("id-dave"), org.mockito.ArgumentMatchers.anyBoolean());

        // When the helpdesk disables the three after a reported compromise, and the jobs run
        ProcessInstance disable = startAsHelpdesk(HelpdeskResetProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(HelpdeskResetProcess.VAR_OPERATION, HelpdeskResetProcess.OPERATION_DISABLE)
                .putValue(HelpdeskResetProcess.VAR_ACCOUNT_NAMES, "alice\nnobody\ndave"));
        runDueJobs();

        // Then each account's outcome is in the summary, no reset was called and no mail went out
        assertThat(disable).isWaitingAt(HelpdeskResetProcess.TASK_REVIEW_SUMMARY).hasPassed("Task_SetAccountState")
                .hasNotPassed("Task_SendResetLink");
        assertThat((String) runtimeService.getVariable(disable.getId(), HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY))
                .isEqualTo("alice: done (disabled: no login, no reset link)\nnobody: not found\n"
                        + "dave: refused (the directory answered 403; state unchanged)");
        verify(directory).setActive("id-alice", false);
        assertThat(smtp.getReceivedMessages()).isEmpty();
        Task summary = taskService.createTaskQuery().processInstanceId(disable.getId()).singleResult();
        asHelpdesk(() -> taskService.complete(summary.getId()));
        assertThat(disable).isEnded().hasPassed("EndEvent_LinksHandled");

        // When alice then asks for a reset on the public page
        requestWithoutReset("alice");
        runDueJobs();

        // Then the disabled account gets no link
        assertThat(smtp.getReceivedMessages()).isEmpty();

        // When the helpdesk re-enables her
        ProcessInstance enable = startAsHelpdesk(HelpdeskResetProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(HelpdeskResetProcess.VAR_OPERATION, HelpdeskResetProcess.OPERATION_ENABLE)
                .putValue(HelpdeskResetProcess.VAR_ACCOUNT_NAMES, "alice"));
        runDueJobs();

        // Then the summary says so, and her next request gets a link
        assertThat((String) runtimeService.getVariable(enable.getId(), HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY))
                .isEqualTo("alice: done (re-enabled)");
        verify(directory).setActive("id-alice", true);
        ProcessInstance accepted = requestReset("alice");
        runDueJobs();
        assertThat(accepted).isWaitingAt("Task_WaitForNewPassword");
        tokenFromOnlyMail("alice@example.org");
    }

    @Test
    void shouldShowAPasswordTheDirectoryGeneratedOnlyToThePageBehindTheOwnersLink() throws Exception {
        // Given a directory that generates passwords (Ping), and alice
        String generated = "Gen-Ochre-Walnut-81!";
        when(directory.generatesPasswords()).thenReturn(true);
        when(directory.findByUserName("alice")).thenReturn(List.of(ALICE));
        when(directory.resetToGeneratedPassword("id-alice")).thenReturn(generated);

        // When the helpdesk asks for a generated password for her from Tasklist, and the jobs run
        ProcessInstance request = startAsHelpdesk(HelpdeskResetProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(HelpdeskResetProcess.VAR_OPERATION, HelpdeskResetProcess.OPERATION_GENERATED_PASSWORD)
                .putValue(HelpdeskResetProcess.VAR_ACCOUNT_NAMES, "alice"));
        runDueJobs();

        // Then she gets the self-service reset through the call, with the channel and wording of a generated
        // password: one mail with only the link, and nothing generated yet
        ProcessInstance alicesReset = runtimeService.createProcessInstanceQuery()
                .superProcessInstanceId(request.getId()).singleResult();
        assertThat(alicesReset).isWaitingAt("Task_WaitForNewPassword");
        assertThat(alicesReset).variables().containsEntry("channel", "generated-password")
                .containsEntry("notification", "generated-password");
        String token = tokenFromOnlyMail("alice@example.org");
        MimeMessage linkMail = smtp.getReceivedMessages()[0];
        assertThat(linkMail.getSubject()).isEqualTo("Your new password is ready");
        assertThat(TestSmtp.text(linkMail)).contains("your helpdesk set up a new password for you")
                .contains("open the link to see it").doesNotContain("rejected password");
        verify(directory, never()).resetToGeneratedPassword(anyString());

        // When an engine call leaves the wait state with the chosen-password hand-over but no page to show the result
        assertThatThrownBy(() -> handover.during(new PasswordHandover.Submitted(alicesReset.getId(), null, null),
                () -> runtimeService.createMessageCorrelation(PasswordResetProcess.MSG_PASSWORD_SUBMITTED)
                        .processInstanceId(alicesReset.getId()).correlateWithResult()))
                .isInstanceOf(AuthorizationException.class);

        // Then nothing was generated, and the link still works
        verify(directory, never()).resetToGeneratedPassword(anyString());
        assertThat(alicesReset).isWaitingAt("Task_WaitForNewPassword");
        assertThat(resetTokens.findReset(token)).contains(alicesReset.getId());

        // When she confirms on the page behind her link
        GeneratedPasswordHandover.Slot slot = new GeneratedPasswordHandover.Slot();
        handover.during(new PasswordHandover.Submitted(alicesReset.getId(), null, null),
                () -> generatedHandover.during(alicesReset.getId(), slot,
                        () -> runtimeService.createMessageCorrelation(PasswordResetProcess.MSG_PASSWORD_SUBMITTED)
                                .processInstanceId(alicesReset.getId()).correlateWithResult()));

        // Then the directory generated it once, the page holds it in memory, the link is used up, and no password
        // was set the self-service way
        assertThat(slot.password()).isEqualTo(generated);
        verify(directory).resetToGeneratedPassword("id-alice");
        verify(directory, never()).setPassword(anyString(), anyString());
        assertThat(resetTokens.findReset(token)).isEmpty();
        assertThat(alicesReset).hasPassed("Task_GeneratePassword").hasNotPassed("Task_ValidatePassword")
                .isWaitingAt("Task_SendConfirmationMail");

        // When the confirmation goes out
        runDueJobs();

        // Then the owner is told as after any reset, and the helpdesk's summary says it is done
        assertThat(alicesReset).isEnded().hasPassed("EndEvent_PasswordReset");
        assertThat(smtp.getReceivedMessages()[1].getSubject()).isEqualTo("Your password was changed");
        assertThat(request).isWaitingAt(HelpdeskResetProcess.TASK_REVIEW_SUMMARY)
                .hasPassed("Task_CheckPasswordGeneration");
        assertThat((String) runtimeService.getVariable(request.getId(), HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY))
                .isEqualTo("alice: done (link sent; the directory generated the password and showed it to the "
                        + "owner once)");

        // And the generated password is in no mail, variable or history row
        for (MimeMessage mail : smtp.getReceivedMessages()) {
            assertThat(TestSmtp.text(mail)).doesNotContain(generated);
        }
        DatabaseScan.assertNoneContains(dataSource, generated, token);
    }

    @Test
    void shouldRefuseAGeneratedPasswordPerAccountWhereTheDirectoryCannotGenerateOne() {
        // Given a directory that cannot generate passwords (Gluu, Oracle, plain RFC 7644)
        when(directory.generatesPasswords()).thenReturn(false);

        // When the helpdesk asks for generated passwords for two accounts
        ProcessInstance request = startAsHelpdesk(HelpdeskResetProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(HelpdeskResetProcess.VAR_OPERATION, HelpdeskResetProcess.OPERATION_GENERATED_PASSWORD)
                .putValue(HelpdeskResetProcess.VAR_ACCOUNT_NAMES, "alice\nbob"));
        runDueJobs();

        // Then each account is refused with the reason, no reset was called and no mail went out
        assertThat(request).isWaitingAt(HelpdeskResetProcess.TASK_REVIEW_SUMMARY)
                .hasPassed("Task_CheckPasswordGeneration").hasNotPassed("Task_SendResetLink");
        assertThat((String) runtimeService.getVariable(request.getId(), HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY))
                .isEqualTo("alice: refused (the directory cannot generate passwords; no link sent)\n"
                        + "bob: refused (the directory cannot generate passwords; no link sent)");
        assertThat(runtimeService.createProcessInstanceQuery().superProcessInstanceId(request.getId()).count())
                .isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        verify(directory, never()).resetToGeneratedPassword(anyString());
    }

    @Test
    void shouldEndAtAccountGoneWhenTheAccountVanishedBeforeItsPasswordWasGenerated() {
        // Given alice got her generated-password link, and her account is deleted meanwhile
        when(directory.generatesPasswords()).thenReturn(true);
        when(directory.findByUserName("alice")).thenReturn(List.of(ALICE));
        when(directory.resetToGeneratedPassword("id-alice"))
                .thenThrow(new AccountGoneException("Account id-alice not found at directory.invalid"));
        ProcessInstance request = startAsHelpdesk(HelpdeskResetProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(HelpdeskResetProcess.VAR_OPERATION, HelpdeskResetProcess.OPERATION_GENERATED_PASSWORD)
                .putValue(HelpdeskResetProcess.VAR_ACCOUNT_NAMES, "alice"));
        runDueJobs();
        ProcessInstance alicesReset = runtimeService.createProcessInstanceQuery()
                .superProcessInstanceId(request.getId()).singleResult();
        String token = tokenFromOnlyMail("alice@example.org");

        // When she confirms on the page behind her link
        GeneratedPasswordHandover.Slot slot = new GeneratedPasswordHandover.Slot();
        handover.during(new PasswordHandover.Submitted(alicesReset.getId(), null, null),
                () -> generatedHandover.during(alicesReset.getId(), slot,
                        () -> runtimeService.createMessageCorrelation(PasswordResetProcess.MSG_PASSWORD_SUBMITTED)
                                .processInstanceId(alicesReset.getId()).correlateWithResult()));

        // Then the reset ends at "Account gone" with nothing to show, the link is dead, and the helpdesk is told
        assertThat(slot.password()).isNull();
        assertThat(alicesReset).isEnded().hasPassed("Event_GeneratedAccountGone", "EndEvent_GeneratedAccountGone");
        assertThat(resetTokens.findReset(token)).isEmpty();
        runDueJobs();
        assertThat((String) runtimeService.getVariable(request.getId(), HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY))
                .isEqualTo("alice: not found (the account was deleted meanwhile)");
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void shouldCreateAnAccountWithAThrownAwayPasswordAndLetItsOwnerChooseOneThroughTheResetLink(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        // Given the directory creates accounts, and then reads erin's by the id it gave it
        DirectoryAccount erin = new DirectoryAccount("id-erin", "erin", "erin@example.org", "Erin Evans", true);
        String[] randomPassword = new String[1];
        when(directory.createUser(org.mockito.ArgumentMatchers.any(), anyString())).thenAnswer(call -> {
            randomPassword[0] = call.getArgument(1);
            return "id-erin";
        });
        when(directory.readAccount("id-erin")).thenReturn(erin);

        // When the helpdesk starts "create an account" from Tasklist, and the jobs run
        ProcessInstance activation = startAsHelpdesk(AccountActivationProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(AccountActivationProcess.VAR_ACCOUNT_NAME, " erin ")
                .putValue(AccountActivationProcess.VAR_NEW_ACCOUNT_EMAIL, "erin@example.org")
                .putValue(AccountActivationProcess.VAR_NEW_ACCOUNT_DISPLAY_NAME, "Erin Evans"));
        runDueJobs();

        // Then the directory created her account once, with a long random password
        verify(directory).createUser(new NewAccount("erin", "erin@example.org", "Erin Evans"), randomPassword[0]);
        assertThat(randomPassword[0]).hasSizeGreaterThanOrEqualTo(32);
        verify(directory, never()).setPassword(anyString(), anyString());
        // and her link goes to that account, not to whichever account has the name the helpdesk typed
        verify(directory, never()).findByUserName(anyString());

        // and the self-service reset runs for her as an activation: one mail with one link, waiting for her password
        ProcessInstance firstPassword = runtimeService.createProcessInstanceQuery()
                .superProcessInstanceId(activation.getId()).singleResult();
        assertThat(firstPassword).isWaitingAt("Task_WaitForNewPassword");
        assertThat(firstPassword).variables().containsEntry("channel", PasswordResetProcess.CHANNEL_ACTIVATION)
                .containsEntry("tokenLifetime", "PT10M").containsEntry("notification", "activation")
                .doesNotContainKey("helpdeskAccountName");
        String token = tokenFromOnlyMail("erin@example.org");
        assertThat(smtp.getReceivedMessages()[0].getSubject())
                .isEqualTo("Your account was created: choose your password");
        assertThat(GreenMailUtil.getBody(smtp.getReceivedMessages()[0])).contains("your helpdesk created an account");
        assertThat(resetTokens.findReset(token)).contains(firstPassword.getId());

        // When she chooses her password on the public page, and the confirmation goes out
        submit(firstPassword, STRONG_PASSWORD, STRONG_PASSWORD);
        runDueJobs();

        // Then the directory has it, and the helpdesk sees the account done
        verify(directory).setPassword("id-erin", STRONG_PASSWORD);
        assertThat(firstPassword).isEnded().hasPassed("EndEvent_PasswordReset");
        assertThat(activation).isWaitingAt(AccountActivationProcess.TASK_REVIEW_ACTIVATION);
        assertThat((String) runtimeService.getVariable(activation.getId(), AccountActivationProcess.VAR_ACCOUNT_SUMMARY))
                .isEqualTo("erin: done (new password set)");
        assertThat(runtimeService.getVariable(activation.getId(), AccountActivationProcess.VAR_CREATED_ACCOUNT_ID))
                .isEqualTo("id-erin");
        // and neither the thrown-away password nor hers is in any table or log line
        DatabaseScan.assertNoneContains(dataSource, randomPassword[0], STRONG_PASSWORD, token);
        assertThat(output.getAll()).doesNotContain(randomPassword[0]).doesNotContain(STRONG_PASSWORD)
                .doesNotContain(token);

        // When the helpdesk has read it
        Task summary = taskService.createTaskQuery().processInstanceId(activation.getId()).singleResult();
        asHelpdesk(() -> taskService.complete(summary.getId()));

        // Then the activation is done
        assertThat(activation).isEnded().hasPassed("EndEvent_ActivationHandled");
    }

    @Test
    void shouldSendNoActivationLinkWhenTheCreatedAccountHasNoAddressToMail() {
        // Given the directory creates fay's account, but then reads it back without an e-mail address
        when(directory.createUser(org.mockito.ArgumentMatchers.any(), anyString())).thenReturn("id-fay");
        when(directory.readAccount("id-fay"))
                .thenReturn(new DirectoryAccount("id-fay", "fay", null, "Fay Fischer", true));

        // When the helpdesk creates the account, and the jobs run
        ProcessInstance activation = startAsHelpdesk(AccountActivationProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(AccountActivationProcess.VAR_ACCOUNT_NAME, "fay")
                .putValue(AccountActivationProcess.VAR_NEW_ACCOUNT_EMAIL, "fay@example.org"));
        runDueJobs();

        // Then no reset starts and no mail goes out, and the helpdesk reads why; only her own account was read
        assertThat(activation).isWaitingAt(AccountActivationProcess.TASK_REVIEW_ACTIVATION)
                .hasPassed("Task_ReadCreatedAccount").hasNotPassed("Task_SendActivationLink");
        assertThat((String) runtimeService.getVariable(activation.getId(), AccountActivationProcess.VAR_ACCOUNT_SUMMARY))
                .isEqualTo("fay: refused (no-email)");
        assertThat(runtimeService.createProcessInstanceQuery().superProcessInstanceId(activation.getId()).count())
                .isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        verify(directory, never()).findByUserName(anyString());
        assertThat(runtimeService.getVariables(activation.getId())).doesNotContainKeys("accountEmail", "accountId");
    }

    @Test
    void shouldTellTheHelpdeskThatTheUserNameIsTakenAndSendNoLink() {
        // Given the directory already has an alice: it answers 409 to the create
        when(directory.createUser(org.mockito.ArgumentMatchers.any(), anyString()))
                .thenThrow(new UserNameTakenException("Directory directory.invalid already has this user name"));

        // When the helpdesk asks for a new account named alice, and the jobs run
        ProcessInstance activation = startAsHelpdesk(AccountActivationProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(AccountActivationProcess.VAR_ACCOUNT_NAME, "alice")
                .putValue(AccountActivationProcess.VAR_NEW_ACCOUNT_EMAIL, "alice.new@example.org"));
        runDueJobs();

        // Then no reset starts and no mail goes out: the helpdesk reads why, and no incident is raised
        assertThat(activation).isWaitingAt(AccountActivationProcess.TASK_REVIEW_ACTIVATION)
                .hasPassed("Gateway_JoinOutcome").hasNotPassed("Task_SendActivationLink");
        assertThat((String) runtimeService.getVariable(activation.getId(), AccountActivationProcess.VAR_ACCOUNT_SUMMARY))
                .isEqualTo("alice: refused (the directory answered 409: the user name is taken; no account created)");
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(runtimeService.createIncidentQuery().count()).isZero();
        verify(directory, never()).findByUserName(anyString());

        Task summary = taskService.createTaskQuery().processInstanceId(activation.getId()).singleResult();
        asHelpdesk(() -> taskService.complete(summary.getId()));
        assertThat(activation).isEnded().hasPassed("EndEvent_ActivationHandled");
    }

    @Test
    void shouldCreateNothingWhenTheActivationWasStartedWithoutAnAddressPastTheForm() {
        // When an activation is started over REST past the form's checks, with no usable address
        ProcessInstance activation = startAsHelpdesk(AccountActivationProcess.PROCESS_KEY, Variables.createVariables()
                .putValue(AccountActivationProcess.VAR_ACCOUNT_NAME, "gina")
                .putValue(AccountActivationProcess.VAR_NEW_ACCOUNT_EMAIL, "not an address"));
        runDueJobs();

        // Then the directory is not asked, and the helpdesk reads why
        verifyNoInteractions(directory);
        assertThat(activation).isWaitingAt(AccountActivationProcess.TASK_REVIEW_ACTIVATION);
        assertThat((String) runtimeService.getVariable(activation.getId(), AccountActivationProcess.VAR_ACCOUNT_SUMMARY))
                .isEqualTo("gina: refused (a user name and an e-mail address are needed)");
    }

    @Test
    void shouldUnlockALockedAccountThroughTheLinkWithoutChangingThePasswordAndConfirmByMail() throws Exception {
        // Given alice's account is locked out after wrong passwords
        when(directory.findByUserName("alice")).thenReturn(List.of(LOCKED_ALICE));

        // When she asks for an unlock on the request page, and the look-up and the reset's first job run
        ProcessInstance reset = requestReset("alice", RequestPurpose.UNLOCK);
        assertThat(reset).variables().containsEntry("channel", "unlock")
                .containsEntry("notification", "unlock-link").containsEntry("approvalNeeded", false)
                .doesNotContainKey("identifier");
        assertThat(policyInput(reset, "Input_AccountLocked")).isEqualTo(true);
        execute(job(reset));

        // Then she gets one mail with one link that says it unlocks, and the reset waits at the same wait state
        assertThat(reset).isWaitingAt("Task_WaitForNewPassword").hasPassed("Gateway_ApprovalNeeded");
        String token = tokenFromOnlyMail("alice@example.org");
        MimeMessage linkMail = smtp.getReceivedMessages()[0];
        assertThat(linkMail.getSubject()).isEqualTo("Unlock your account");
        assertThat(TestSmtp.text(linkMail))
                .contains("someone (hopefully you) asked ResetFlow to unlock your account")
                .contains("To unlock your account, open this link and confirm on the page:")
                .contains("No password is changed")
                .doesNotContain("rejected password");

        // When an engine call leaves the wait state without the page behind the link
        assertThatThrownBy(() -> runtimeService.createMessageCorrelation(PasswordResetProcess.MSG_PASSWORD_SUBMITTED)
                .processInstanceId(reset.getId()).correlateWithResult())
                .isInstanceOf(AuthorizationException.class);

        // Then nothing was unlocked and the link still works
        verify(directory, never()).unlock(anyString());
        assertThat(reset).isWaitingAt("Task_WaitForNewPassword");
        assertThat(resetTokens.findReset(token)).contains(reset.getId());

        // When she presses "Unlock my account" on the page behind her link
        pressUnlock(reset);

        // Then the directory unlocked her account, no password was set, and the link is used up
        verify(directory).unlock("id-alice");
        verify(directory, never()).setPassword(anyString(), anyString());
        assertThat(resetTokens.findReset(token)).isEmpty();
        assertThat(reset).hasPassed("Task_UnlockAccount").hasNotPassed("Task_ValidatePassword")
                .isWaitingAt("Task_SendUnlockedMail");

        // When the confirmation goes out
        execute(job(reset));

        // Then she is told, and the reset ends as an unlock
        assertThat(reset).isEnded().hasPassed("EndEvent_AccountUnlocked");
        MimeMessage confirmation = smtp.getReceivedMessages()[1];
        assertThat(confirmation.getSubject()).isEqualTo("Your account was unlocked");
        assertThat(TestSmtp.text(confirmation)).contains("its password was not changed")
                .contains("The unlock was asked for at").contains("from the network 192.0.2.1")
                .contains("If this was not you, call your helpdesk now").doesNotContain(token);
        DatabaseScan.assertNoneContains(dataSource, token);
    }

    @Test
    void shouldTellTheOwnerThatAnAccountThatIsNotLockedNeedsNoUnlock() throws Exception {
        // Given alice's account is not locked (as every SCIM dialect reports it)
        when(directory.findByUserName("alice")).thenReturn(List.of(ALICE));

        // When she asks for an unlock, and the jobs run
        ProcessInstance reset = requestReset("alice", RequestPurpose.UNLOCK);
        assertThat(reset).variables().containsEntry("notification", "unlock-not-needed");
        assertThat(policyInput(reset, "Input_AccountLocked")).isEqualTo(false);
        assertThat(reset).isWaitingAt("Task_SendNoUnlockMail");
        execute(job(reset));

        // Then she gets a mail without a link that points her to a reset, and nothing was unlocked
        assertThat(reset).isEnded().hasPassed("EndEvent_NoUnlock").hasNotPassed("Task_IssueToken");
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).isEqualTo("Your account is not locked");
        assertThat(TestSmtp.text(mails[0]))
                .contains("asked ResetFlow to unlock your account, but it is not locked, so nothing was changed")
                .contains("If you forgot your password, ask for a reset at https://reset.example.org/")
                .doesNotContain("/reset/");
        verify(directory, never()).unlock(anyString());
    }

    @Test
    void shouldOfferNoUnlockToAMemberOfThePrivilegedGroupAndSendNoLink() throws Exception {
        // Given bob is in the privileged group and locked out
        when(directory.findByUserName("bob")).thenReturn(List.of(LOCKED_BOB));

        // When he asks for an unlock, and the jobs run
        ProcessInstance reset = requestReset("bob", RequestPurpose.UNLOCK);
        assertThat(reset).variables().containsEntry("notification", "unlock-not-offered");
        runDueJobs();

        // Then no helpdesk task and no link: the mail tells him to contact the helpdesk, and he stays locked
        assertThat(reset).isEnded().hasPassed("EndEvent_NoUnlock").hasNotPassed("Task_ApproveReset");
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).isEqualTo("Your account cannot be unlocked here");
        assertThat(TestSmtp.text(mails[0])).contains("For this account an unlock is not offered here")
                .contains("Please contact your helpdesk to have it unlocked.").doesNotContain("/reset/");
        verify(directory, never()).unlock(anyString());
    }

    @Test
    void shouldUnlockAPrivilegedAccountOnlyAfterTheHelpdeskApprovedWhenTheOwnerOffersItThatWay() throws Exception {
        // Given the process owner offers the unlock to privileged accounts with the helpdesk's approval
        String table;
        try (var shipped = getClass().getResourceAsStream("/bpmn/reset-policy.dmn")) {
            table = new String(shipped.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String offered = table
                .replace("<outputEntry id=\"OutputEntry_UnlockPrivilegedApproval\"><text>false</text>",
                        "<outputEntry id=\"OutputEntry_UnlockPrivilegedApproval\"><text>true</text>")
                .replace("<outputEntry id=\"OutputEntry_UnlockPrivilegedNotification\"><text>\"unlock-not-offered\"",
                        "<outputEntry id=\"OutputEntry_UnlockPrivilegedNotification\"><text>\"unlock-link\"");
        assertThat(offered).isNotEqualTo(table);
        String deployment = repositoryService.createDeployment().addString("reset-policy.dmn", offered).deploy()
                .getId();
        try {
            when(directory.findByUserName("bob")).thenReturn(List.of(LOCKED_BOB));

            // When bob, locked out, asks for an unlock
            ProcessInstance reset = requestReset("bob", RequestPurpose.UNLOCK);

            // Then the helpdesk is asked first, and nothing is mailed yet
            assertThat(reset).isWaitingAt(PasswordResetProcess.TASK_APPROVE_RESET);
            assertThat(reset).variables().containsEntry("notification", "unlock-link")
                    .containsEntry("approvalNeeded", true);
            assertThat(smtp.getReceivedMessages()).isEmpty();

            // When the helpdesk approves, and the link's job runs
            Task approval = taskService.createTaskQuery().processInstanceId(reset.getId()).singleResult();
            asHelpdesk(() -> taskService.complete(approval.getId(),
                    Variables.createVariables().putValue("approvalDecision", "approve")));
            execute(job(reset));

            // Then bob gets the unlock link, and his press unlocks the account
            tokenFromOnlyMail("bob@example.org");
            assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("Unlock your account");
            pressUnlock(reset);
            verify(directory).unlock("id-bob");
            assertThat(reset).isWaitingAt("Task_SendUnlockedMail");
        } finally {
            repositoryService.deleteDeployment(deployment, true);
        }
    }

    @Test
    void shouldKeepTheUnlockLinkWhenTheDirectoryFailsDuringTheUnlock() {
        // Given alice waits with an unlock link, and the directory is down
        when(directory.findByUserName("alice")).thenReturn(List.of(LOCKED_ALICE));
        ProcessInstance reset = requestReset("alice", RequestPurpose.UNLOCK);
        execute(job(reset));
        String token = tokenFromOnlyMail("alice@example.org");
        doThrow(new DirectoryException("Unlocking at directory.invalid failed: connection refused", 503))
                .when(directory).unlock("id-alice");

        // When she presses the button
        assertThatThrownBy(() -> pressUnlock(reset)).isInstanceOf(DirectoryException.class);

        // Then it is rolled back: still waiting, the link still works for her next press
        assertThat(reset).isWaitingAt("Task_WaitForNewPassword");
        assertThat(resetTokens.findReset(token)).contains(reset.getId());
    }

    @Test
    void shouldEndAtAccountGoneWhenTheAccountVanishedBeforeItWasUnlocked() {
        // Given alice waits with an unlock link, and her account is deleted meanwhile
        when(directory.findByUserName("alice")).thenReturn(List.of(LOCKED_ALICE));
        ProcessInstance reset = requestReset("alice", RequestPurpose.UNLOCK);
        execute(job(reset));
        String token = tokenFromOnlyMail("alice@example.org");
        doThrow(new AccountGoneException("Account id-alice not found at directory.invalid"))
                .when(directory).unlock("id-alice");

        // When she presses the button
        pressUnlock(reset);

        // Then the reset ends at its own "Account gone", and the link is dead
        assertThat(reset).isEnded().hasPassed("Event_UnlockAccountGone", "EndEvent_UnlockAccountGone");
        assertThat(resetTokens.findReset(token)).isEmpty();
    }

    /** What "Decide reset policy" was given for one input column of the policy table (its decision's history). */
    private Object policyInput(ProcessInstance reset, String inputId) {
        return historyService.createHistoricDecisionInstanceQuery().processInstanceId(reset.getId())
                .decisionDefinitionKey("resetPolicy").includeInputs().singleResult().getInputs().stream()
                .filter(input -> inputId.equals(input.getClauseId())).findFirst()
                .orElseThrow(() -> new AssertionError("no input " + inputId)).getValue();
    }

    /** What the unlock page's button does: the hand-over without a password, and the same message. */
    private void pressUnlock(ProcessInstance reset) {
        handover.during(new PasswordHandover.Submitted(reset.getId(), null, null),
                () -> runtimeService.createMessageCorrelation(PasswordResetProcess.MSG_PASSWORD_SUBMITTED)
                        .processInstanceId(reset.getId())
                        .correlateWithResult());
    }

    private ProcessInstance startAsHelpdesk(String key, Map<String, Object> variables) {
        identityService.setAuthentication("helen", List.of("helpdesk"));
        try {
            return runtimeService.startProcessInstanceByKey(key, variables);
        } finally {
            identityService.clearAuthentication();
        }
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

    /** What the request page and the starter do: one request in the inbox, claimed by a batch of its own. */
    private ProcessInstance takeRequest(String identifier) {
        return takeRequest(identifier, RequestPurpose.RESET);
    }

    private ProcessInstance takeRequest(String identifier, RequestPurpose purpose) {
        resetRequests.request(identifier, "192.0.2.1", null, purpose);
        String id = resetStarter.startQueued().get(0);
        return runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    /** One request through the intake, whose look-up starts exactly one reset: that reset. */
    private ProcessInstance requestReset(String identifier) {
        return requestReset(identifier, RequestPurpose.RESET);
    }

    private ProcessInstance requestReset(String identifier, RequestPurpose purpose) {
        List<String> before = resetIds();
        ProcessInstance intake = takeRequest(identifier, purpose);
        execute(job(intake));
        assertThat(intake).isEnded();
        List<String> started = resetIds().stream().filter(id -> !before.contains(id)).toList();
        assertThat(started).as("resets the batch started").hasSize(1);
        return runtimeService.createProcessInstanceQuery().processInstanceId(started.get(0)).singleResult();
    }

    /** One request through the intake, whose look-up starts no reset: the ended intake. */
    private ProcessInstance requestWithoutReset(String identifier) {
        List<String> before = resetIds();
        ProcessInstance intake = takeRequest(identifier);
        execute(job(intake));
        assertThat(intake).isEnded();
        assertThat(resetIds()).as("resets after the batch").containsExactlyInAnyOrderElementsOf(before);
        return intake;
    }

    private List<String> resetIds() {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                .list().stream().map(ProcessInstance::getId).toList();
    }

    private ProcessInstance waitingResetForAlice() {
        when(directory.findByUserName("alice")).thenReturn(List.of(ALICE));
        ProcessInstance reset = requestReset("alice");
        execute(job(reset));
        assertThat(reset).isWaitingAt("Task_WaitForNewPassword");
        return reset;
    }

    /** What the public page does: hand the password over in memory and correlate the submission. */
    private void submit(ProcessInstance reset, String password, String confirmation) {
        handover.during(new PasswordHandover.Submitted(reset.getId(), password, confirmation),
                () -> runtimeService.createMessageCorrelation(PasswordResetProcess.MSG_PASSWORD_SUBMITTED)
                        .processInstanceId(reset.getId())
                        .correlateWithResult());
    }

    private String tokenFromOnlyMail(String to) {
        MimeMessage[] messages = smtp.getReceivedMessages();
        assertThat(messages).hasSize(1);
        try {
            assertThat(messages[0].getAllRecipients()[0].toString()).isEqualTo(to);
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
        String body = GreenMailUtil.getBody(messages[0]);
        Matcher matcher = LINK.matcher(body);
        assertThat(matcher.find()).as("reset link in the mail").isTrue();
        String token = matcher.group(1);
        assertThat(LINK.matcher(body).results().map(m -> m.group(1)).distinct()).containsExactly(token);
        return token;
    }
}

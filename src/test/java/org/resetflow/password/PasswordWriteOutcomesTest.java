package org.resetflow.password;

import org.resetflow.EngineJobs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.TestSmtp;
import org.resetflow.helpdesk.HelpdeskResetProcess;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.PasswordRejectedByDirectoryException;
import org.resetflow.directory.PasswordWriteOutcomeUnknownException;
import org.resetflow.token.ResetTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * What the directory did with a password decides how a reset ends, whatever fails around it: an accepted password
 * always ends as "Password reset" with its confirmation mail (no silent change), a write without an answer is
 * reported honestly and never blamed on the user, and a slow directory holds at most a few submissions.
 */
@SpringBootTest(properties = {
        TestSmtp.HOST,
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=http://directory.invalid/scim/v2",
        "resetflow.public-base-url=https://reset.example.org",
        "resetflow.password.max-concurrent-submissions=1",
        "resetflow.password.submission-queue-wait=200ms",
        // Every scenario asks for alice again; the policy's rule for repeated requests (fewer attempts) is not the
        // subject here, so no earlier reset counts.
        "resetflow.helpdesk.recent-requests-window=PT0S"})
class PasswordWriteOutcomesTest {

    private static final String PASSWORD = "Velvet-Harbor-Quietly-92";

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry);
    }

    @MockitoBean
    Directory directory;
    @MockitoSpyBean
    ResetTokens resetTokens;

    @Autowired
    ProcessEngine processEngine;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    PasswordSubmissions submissions;
    @Autowired
    PasswordWrites writes;
    @Autowired
    org.camunda.bpm.engine.IdentityService identityService;
    @Autowired
    org.camunda.bpm.engine.ManagementService managementService;

    @BeforeEach
    void setUp() {
        init(processEngine);
        TestSmtp.purge();
    }

    @Test
    void shouldFinishTheResetWhenThePagesTransactionFailsAfterTheDirectoryAcceptedThePassword() throws Exception {
        // Given alice waits for her password, and the page's transaction will fail after the directory's answer
        Waiting alice = waitingReset("alice");
        doThrow(new OptimisticLockingException("simulated clash with the expiry timer"))
                .doCallRealMethod().when(resetTokens).consume(alice.id());

        // When she submits a good password
        Submission submission = submissions.submit(alice.token(), PASSWORD, PASSWORD);

        // Then she is told it changed, the directory was written once, and the reset ends as any other
        assertThat(submission.outcome()).isEqualTo(Submission.Outcome.DONE);
        verify(directory, times(1)).setPassword("id-alice", PASSWORD);
        assertThat(resetTokens.findReset(alice.token())).isEmpty();
        assertThat(alice.instance()).isWaitingAt("Task_SendConfirmationMail");
        execute(job(alice.instance()));
        assertThat(alice.instance()).isEnded().hasPassed("EndEvent_PasswordReset");
        assertThat(TestSmtp.awaitMessages(2)[1].getSubject()).isEqualTo("Your password was changed");
        assertThat(writes.outcome(alice.id())).isEmpty();
    }

    @Test
    void shouldFinishFromTheDurableRecordWhenEvenTheImmediateFinishFails() throws Exception {
        // Given the page's transaction and its immediate finish both fail after the directory accepted
        Waiting alice = waitingReset("alice");
        doThrow(new OptimisticLockingException("clash"))
                .doThrow(new OptimisticLockingException("clash again"))
                .doCallRealMethod().when(resetTokens).consume(alice.id());

        assertThat(submissions.submit(alice.token(), PASSWORD, PASSWORD).outcome())
                .isEqualTo(Submission.Outcome.DONE);
        assertThat(alice.instance()).isWaitingAt("Task_WaitForNewPassword");
        assertThat(writes.outcome(alice.id())).contains(PasswordWrites.Outcome.ACCEPTED);

        // When the scheduled finisher comes by
        submissions.finishAccepted(alice.id());

        // Then the reset ends as "Password reset" with its confirmation, and the directory was written only once
        execute(job(alice.instance()));
        assertThat(alice.instance()).isEnded().hasPassed("EndEvent_PasswordReset");
        assertThat(TestSmtp.awaitMessages(2)[1].getSubject()).isEqualTo("Your password was changed");
        verify(directory, times(1)).setPassword(anyString(), anyString());
    }

    @Test
    void shouldStillShowAGeneratedPasswordAndFinishWhenThePagesTransactionFailsAfterTheDirectoryGeneratedIt()
            throws Exception {
        // Given alice's generated-password link from the helpdesk, and the page's transaction will fail after the
        // directory has generated her password
        String generated = "Gen-Amber-Quarry-64!";
        when(directory.generatesPasswords()).thenReturn(true);
        when(directory.resetToGeneratedPassword("id-alice")).thenReturn(generated);
        Waiting alice = waitingGeneratedPasswordReset("alice");
        doThrow(new OptimisticLockingException("simulated clash with the expiry timer"))
                .doCallRealMethod().when(resetTokens).consume(alice.id());

        // When she confirms on the page
        PasswordSubmissions.Generation shown = submissions.reveal(alice.token());

        // Then she still sees the one password the directory generated (it is her password now), the directory was
        // asked once, and the reset ends as any other, with the link used up and the confirmation mail
        assertThat(shown.outcome()).isEqualTo(Submission.Outcome.DONE);
        assertThat(shown.password()).isEqualTo(generated);
        assertThat(shown.toString()).doesNotContain(generated);
        verify(directory, times(1)).resetToGeneratedPassword("id-alice");
        assertThat(resetTokens.findReset(alice.token())).isEmpty();
        assertThat(alice.instance()).isWaitingAt("Task_SendConfirmationMail");
        execute(job(alice.instance()));
        assertThat(alice.instance()).isEnded().hasPassed("Task_GeneratePassword", "EndEvent_PasswordReset");
        assertThat(TestSmtp.awaitMessages(2)[1].getSubject()).isEqualTo("Your password was changed");
        assertThat(writes.outcome(alice.id())).isEmpty();
    }

    @Test
    void shouldKeepTheLinkWhenTheDirectoryFailsToGenerateSoTheNextPressGeneratesAfresh() throws Exception {
        // Given alice's generated-password link, and a directory that fails once, then generates
        when(directory.generatesPasswords()).thenReturn(true);
        when(directory.resetToGeneratedPassword("id-alice"))
                .thenThrow(new org.resetflow.directory.DirectoryException("Directory directory.invalid failed: HTTP 503", 503))
                .thenReturn("Gen-Second-Try-27!");
        Waiting alice = waitingGeneratedPasswordReset("alice");

        // When she confirms, she is asked to try again in a moment, and her link still works
        assertThat(submissions.reveal(alice.token()).outcome()).isEqualTo(Submission.Outcome.TRY_LATER);
        assertThat(alice.instance()).isWaitingAt("Task_WaitForNewPassword");
        assertThat(resetTokens.findReset(alice.token())).contains(alice.id());

        // When she confirms again, the page shows the password generated now
        PasswordSubmissions.Generation shown = submissions.reveal(alice.token());
        assertThat(shown.outcome()).isEqualTo(Submission.Outcome.DONE);
        assertThat(shown.password()).isEqualTo("Gen-Second-Try-27!");
    }

    @Test
    void shouldReportAnUnconfirmedWriteAndNotCountARefusalThatFollowsIt() {
        // Given the directory takes the first write without answering, then refuses the same password again
        Waiting alice = waitingReset("alice");
        doThrow(new PasswordWriteOutcomeUnknownException("no answer", 0))
                .doThrow(new PasswordRejectedByDirectoryException("Password must not be the current one", PASSWORD))
                .when(directory).setPassword(eq("id-alice"), anyString());

        // When she submits, she is told the change is unconfirmed, and her link still works
        assertThat(submissions.submit(alice.token(), PASSWORD, PASSWORD).outcome())
                .isEqualTo(Submission.Outcome.UNCONFIRMED);
        assertThat(alice.instance()).isWaitingAt("Task_WaitForNewPassword");
        assertThat(resetTokens.findReset(alice.token())).contains(alice.id());

        // When she submits again and the directory refuses
        Submission again = submissions.submit(alice.token(), PASSWORD, PASSWORD);

        // Then the refusal is shown, but it does not use up one of her attempts
        assertThat(again.outcome()).isEqualTo(Submission.Outcome.REJECTED);
        assertThat(again.attemptsLeft()).isEqualTo(5);
        assertThat(runtimeService.getVariable(alice.id(), "failedAttempts")).isEqualTo(0);
    }

    @Test
    void shouldTurnAwayASubmissionBeyondTheBulkheadWhileTheDirectoryIsSlow() throws Exception {
        // Given one submission (the bulkhead's only place) waits on a directory that does not answer
        Waiting alice = waitingReset("alice");
        Waiting bob = waitingReset("bob");
        CountDownLatch directoryAnswers = new CountDownLatch(1);
        CountDownLatch inDirectory = new CountDownLatch(1);
        doAnswer(invocation -> {
            inDirectory.countDown();
            directoryAnswers.await(30, TimeUnit.SECONDS);
            return null;
        }).when(directory).setPassword(eq("id-alice"), anyString());
        CompletableFuture<Submission> slow =
                CompletableFuture.supplyAsync(() -> submissions.submit(alice.token(), PASSWORD, PASSWORD));
        assertThat(inDirectory.await(30, TimeUnit.SECONDS)).isTrue();

        // When bob submits meanwhile
        Submission turnedAway = submissions.submit(bob.token(), PASSWORD, PASSWORD);

        // Then he is asked to try again, nothing of his reached the directory, and his link still works
        assertThat(turnedAway.outcome()).isEqualTo(Submission.Outcome.TRY_LATER);
        verify(directory, times(0)).setPassword(eq("id-bob"), anyString());
        assertThat(resetTokens.findReset(bob.token())).contains(bob.id());

        // And alice's submission completes once the directory answers
        directoryAnswers.countDown();
        assertThat(slow.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Submission.Outcome.DONE);
    }

    private record Waiting(String id, ProcessInstance instance, String token) {
    }

    /** A reset the helpdesk started with "generated password", called from helpdesk-reset, waiting for its page. */
    private Waiting waitingGeneratedPasswordReset(String user) {
        DirectoryAccount account = new DirectoryAccount("id-" + user, user, user + "@example.org", user, true);
        when(directory.findByUserName(user)).thenReturn(List.of(account));
        TestSmtp.purge();
        identityService.setAuthentication("helen", List.of("helpdesk"));
        ProcessInstance request;
        try {
            request = runtimeService.startProcessInstanceByKey(HelpdeskResetProcess.PROCESS_KEY, java.util.Map.of(
                    HelpdeskResetProcess.VAR_OPERATION, HelpdeskResetProcess.OPERATION_GENERATED_PASSWORD,
                    HelpdeskResetProcess.VAR_ACCOUNT_NAMES, user));
        } finally {
            identityService.clearAuthentication();
        }
        // Only this request's jobs and its called reset's: earlier scenarios may leave their own due jobs behind.
        for (int round = 0; round < 10; round++) {
            java.util.Set<String> mine = new java.util.HashSet<>(List.of(request.getId()));
            runtimeService.createProcessInstanceQuery().superProcessInstanceId(request.getId()).list()
                    .forEach(called -> mine.add(called.getId()));
            List<org.camunda.bpm.engine.runtime.Job> due = managementService.createJobQuery().executable().list()
                    .stream().filter(job -> mine.contains(job.getProcessInstanceId())).toList();
            if (due.isEmpty()) {
                break;
            }
            due.forEach(job -> managementService.executeJob(job.getId()));
        }
        ProcessInstance instance = runtimeService.createProcessInstanceQuery()
                .superProcessInstanceId(request.getId()).singleResult();
        assertThat(instance).isWaitingAt("Task_WaitForNewPassword");
        MimeMessage mail = TestSmtp.awaitMessages(1)[0];
        return new Waiting(instance.getId(), instance, TestSmtp.resetToken(mail, "https://reset.example.org"));
    }

    private Waiting waitingReset(String user) {
        DirectoryAccount account = new DirectoryAccount("id-" + user, user, user + "@example.org", user, true);
        when(directory.findByUserName(user)).thenReturn(List.of(account));
        TestSmtp.purge();
        resetRequests.request(user, "192.0.2.1");
        String id = EngineJobs.startQueuedResets(managementService, runtimeService, resetStarter).get(0);
        ProcessInstance instance = runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
        execute(job(instance));
        assertThat(instance).isWaitingAt("Task_WaitForNewPassword");
        MimeMessage mail = TestSmtp.awaitMessages(1)[0];
        return new Waiting(id, instance, TestSmtp.resetToken(mail, "https://reset.example.org"));
    }
}

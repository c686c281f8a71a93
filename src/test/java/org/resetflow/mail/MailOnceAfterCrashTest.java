package org.resetflow.mail;

import org.resetflow.EngineJobs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.ResetFlowApplication;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.request.ResetRequests;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The window between "the SMTP server accepted the mail" and "the job committed", made deterministic: the job's
 * transaction fails right after the mail step (as when the node is killed or the database goes away there), the
 * engine rolls it back and retries the job. The user must still get exactly one mail whose link works, and one
 * confirmation. Also the narrower window inside the send itself (accepted, but not yet recorded as sent): the retry
 * mails the same message again, with the same Message-ID and the same working link.
 */
// The crash hook is named, not found as a nested class, so that PostgresMailOnceAfterCrashTest inherits it.
@SpringBootTest(classes = {ResetFlowApplication.class, MailOnceAfterCrashTest.CrashAfterMailStep.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        TestSmtp.HOST,
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=http://directory.invalid/scim/v2",
        "resetflow.public-base-url=" + MailOnceAfterCrashTest.BASE,
        "resetflow.helpdesk.recent-requests-window=PT0S"})
class MailOnceAfterCrashTest {

    static final String BASE = "https://reset.example.org";
    private static final String PASSWORD = "Harbour-Quill-Ember-73";

    /** Which mail step's transaction fails once, right after the step; empty: none. */
    private static final AtomicReference<String> CRASH_AFTER = new AtomicReference<>("");

    @TestConfiguration
    static class CrashAfterMailStep {

        /**
         * Fails the job after the mail step ran, once per arming: what a SIGKILL or a lost database connection does
         * between the SMTP server's "250 OK" and the job's commit.
         */
        @Bean
        AbstractProcessEnginePlugin crashAfterMailStep() {
            return new AbstractProcessEnginePlugin() {
                @Override
                public void preInit(ProcessEngineConfigurationImpl configuration) {
                    if (configuration.getCustomPostBPMNParseListeners() == null) {
                        configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
                    }
                    configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
                        @Override
                        public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                            if (Set.of("Task_SendResetMail", "Task_SendConfirmationMail").contains(activity.getId())) {
                                activity.addListener(ExecutionListener.EVENTNAME_END, execution -> {
                                    if (CRASH_AFTER.getAndUpdate(armed -> armed.equals(activity.getId()) ? "" : armed)
                                            .equals(activity.getId())) {
                                        throw new IllegalStateException("simulated crash after " + activity.getId());
                                    }
                                });
                            }
                        }
                    });
                }
            };
        }
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry);
    }

    @MockitoBean
    Directory directory;
    @MockitoSpyBean
    JavaMailSender mailSender;

    @LocalServerPort
    int port;
    @Autowired
    ManagementService managementService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    SentMails sentMails;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ResetRequests resetRequests;
    @Autowired
    ResetStarter resetStarter;

    @BeforeEach
    void setUp() {
        TestSmtp.purge();
        CRASH_AFTER.set("");
    }

    @Test
    void shouldMailOneWorkingLinkAndOneConfirmationWhenTheJobFailsAfterTheSmtpServerAcceptedTheMail() {
        // Given alice asks for a reset, and the job that issues and mails her link will fail right after the mail
        String reset = requestAndLookUp("alice");
        CRASH_AFTER.set("Task_SendResetMail");

        // When the job runs, the SMTP server accepts the mail, and the job's transaction is rolled back
        assertThat(catchThrowable(() -> managementService.executeJob(job(reset).getId())))
                .hasStackTraceContaining("simulated crash after Task_SendResetMail");
        assertThat(TestSmtp.server().getReceivedMessages()).as("mails the SMTP server accepted").hasSize(1);
        // ... and the engine retries it
        managementService.executeJob(job(reset).getId());

        // Then alice has exactly one mail, and its link opens the form and sets her password
        MimeMessage[] mails = TestSmtp.server().getReceivedMessages();
        assertThat(mails).as("reset mails to alice after the retry").hasSize(1);
        String token = TestSmtp.resetToken(mails[0], BASE);
        WebSession browser = new WebSession("http://localhost:" + port);
        assertThat(browser.get("/reset/" + token).status()).as("the mailed link").isEqualTo(200);
        assertThat(browser.post("/reset", Map.of("token", token, "password", PASSWORD, "confirmPassword", PASSWORD))
                .status()).isEqualTo(200);
        verify(directory, times(1)).setPassword("id-alice", PASSWORD);

        // When the confirmation's job fails the same way after its mail, and is retried
        CRASH_AFTER.set("Task_SendConfirmationMail");
        assertThat(catchThrowable(() -> managementService.executeJob(job(reset).getId())))
                .hasStackTraceContaining("simulated crash after Task_SendConfirmationMail");
        managementService.executeJob(job(reset).getId());

        // Then she got one confirmation, not two
        assertThat(TestSmtp.server().getReceivedMessages()).extracting(MimeMessage::getSubject)
                .containsExactly("Reset your password", "Your password was changed");
        assertThat(managementService.createJobQuery().processInstanceId(reset).count()).isZero();
    }

    @Test
    void shouldMailTheSameMessageWithTheSameLinkWhenTheNodeDiesBeforeTheSendIsRecorded() throws Exception {
        // Given bob's reset, and a crash inside the send: the SMTP server accepted, nothing after it ran
        String reset = requestAndLookUp("bob");
        doAnswer(invocation -> {
            invocation.callRealMethod();
            throw new IllegalStateException("simulated crash inside the send");
        }).doCallRealMethod().when(mailSender).send(any(MimeMessage.class));

        // When the job runs and fails, and is retried
        assertThat(catchThrowable(() -> managementService.executeJob(job(reset).getId())))
                .hasStackTraceContaining("simulated crash inside the send");
        managementService.executeJob(job(reset).getId());

        // Then the two deliveries are one message to mail systems (one Message-ID) with one link, and it works
        MimeMessage[] mails = TestSmtp.server().getReceivedMessages();
        assertThat(mails).hasSize(2);
        assertThat(mails[0].getMessageID()).isNotBlank().isEqualTo(mails[1].getMessageID());
        assertThat(mails[0].getMessageID()).doesNotContain(TestSmtp.resetToken(mails[0], BASE));
        String token = TestSmtp.resetToken(mails[0], BASE);
        assertThat(TestSmtp.resetToken(mails[1], BASE)).isEqualTo(token);
        assertThat(new WebSession("http://localhost:" + port).get("/reset/" + token).status()).isEqualTo(200);
    }

    @Test
    void shouldKeepTheNewerLinkLiveWhenANewerRequestWasMailedBeforeTheRerun() {
        // Given carol's reset mailed its link, and its job failed right after the mail
        String first = requestAndLookUp("carol");
        CRASH_AFTER.set("Task_SendResetMail");
        assertThat(catchThrowable(() -> managementService.executeJob(job(first).getId()))).isNotNull();

        // When carol asks again, and that reset's link is mailed before the first job runs again
        String second = requestAndLookUp("carol");
        managementService.executeJob(job(second).getId());
        managementService.executeJob(job(first).getId());

        // Then she has two mails, and only the newer one's link opens the form, as with any newer request
        MimeMessage[] mails = TestSmtp.server().getReceivedMessages();
        assertThat(mails).hasSize(2);
        WebSession browser = new WebSession("http://localhost:" + port);
        assertThat(browser.get("/reset/" + TestSmtp.resetToken(mails[1], BASE)).status()).as("newer link")
                .isEqualTo(200);
        assertThat(browser.get("/reset/" + TestSmtp.resetToken(mails[0], BASE)).status()).as("older link")
                .isEqualTo(410);
        assertThat(runtimeService.getActiveActivityIds(second)).containsExactly("Task_WaitForNewPassword");
    }

    @Test
    void shouldTakeAnotherNodesRecordOfTheSameMailAsSentAndForgetRecordsAfterTheirRetention() {
        // Given a mail that another node records as sent while this one sends it (both ran the job)
        String reset = "reset-" + System.nanoTime();
        boolean sent = sentMails.sendOnce(reset, SentMails.PASSWORD_CHANGED, null, messageId -> jdbc.update(
                "INSERT INTO rf_sent_mail (process_instance_id, mail_key, sent_at) VALUES (?, ?, ?)", reset,
                SentMails.PASSWORD_CHANGED, Timestamp.from(Instant.now())));

        // Then the conflict on the key means "already sent": no failure, one record, and no second send
        assertThat(sent).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rf_sent_mail WHERE process_instance_id = ?",
                Integer.class, reset)).isEqualTo(1);
        assertThat(sentMails.sendOnce(reset, SentMails.PASSWORD_CHANGED, null, messageId -> {
            throw new AssertionError("sent twice");
        })).isFalse();

        // When a record is older than the retention (30 days, the history's time to live)
        jdbc.update("UPDATE rf_sent_mail SET sent_at = ? WHERE process_instance_id = ?",
                Timestamp.from(Instant.now().minus(Duration.ofDays(31))), reset);
        sentMails.purgeOld();

        // Then it is gone
        assertThat(sentMails.find(reset, SentMails.PASSWORD_CHANGED)).isEmpty();
    }

    private String requestAndLookUp(String user) {
        when(directory.findByUserName(user)).thenReturn(List.of(
                new DirectoryAccount("id-" + user, user, user + "@example.org", user, true)));
        resetRequests.request(user, "192.0.2.1");
        String reset = EngineJobs.startQueuedResets(managementService, runtimeService, resetStarter).get(0);
        assertThat(job(reset)).as("the job that issues and mails the link").isNotNull();
        return reset;
    }

    private Job job(String reset) {
        return managementService.createJobQuery().processInstanceId(reset).singleResult();
    }
}

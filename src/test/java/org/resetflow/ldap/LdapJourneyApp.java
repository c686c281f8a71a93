package org.resetflow.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.resetflow.EngineRest;
import org.resetflow.ResetFlowApplication;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.directory.Directory;
import org.resetflow.helpdesk.DemoUsersRest;
import org.resetflow.helpdesk.HelpdeskResetProcess;
import org.resetflow.request.ResetStarter;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole application configured as a deployment in front of a real LDAP server ({@link LdapTestServer}):
 * {@code resetflow.ldap.*} pointing at it, GreenMail ({@link TestSmtp}) as the mail server, so no demo part at all,
 * and the job executor off, so a scenario runs the process's jobs where it says so ({@link #runJobs()}) and a job
 * that fails fails the scenario with its own exception instead of retrying in the background. The helpdesk is an
 * engine user in the {@code helpdesk} group, the admin one in {@code admins}, both calling the engine's REST API as
 * Tasklist does. One per test class: starting it takes seconds.
 */
final class LdapJourneyApp implements AutoCloseable {

    static final String PUBLIC_BASE = "https://reset.example.org";
    /** The directory group whose members' helpdesk actions are the admins' alone (both servers have it). */
    static final String PRIVILEGED_GROUP = "privileged";
    static final String HELPDESK = "helen";
    static final String ADMIN = "ada";

    private final ConfigurableApplicationContext context;
    private final DemoUsersRest rest;
    private final String engineName;
    final String root;

    private LdapJourneyApp(ConfigurableApplicationContext context, String engineUserPassword) {
        this.context = context;
        int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        this.root = "http://127.0.0.1:" + port;
        this.rest = new DemoUsersRest(port, engineUserPassword);
        this.engineName = bean(ProcessEngine.class).getName();
        IdentityService identity = bean(IdentityService.class);
        rest.member(identity, HELPDESK, "helpdesk");
        rest.member(identity, ADMIN, "admins");
    }

    /**
     * Starts the application with these {@code resetflow.ldap.*} settings (command-line arguments, as an operator's
     * would win over application.yaml).
     *
     * @param name a name of letters only, for the engine and the in-memory database
     */
    static LdapJourneyApp start(String name, String... ldapSettings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                // The management server's own port too: 8081 may be another JVM's on a shared machine.
                "--management.server.port=0",
                "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.process-engine-name=" + name,
                "--spring.datasource.url=jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE;"
                        + "LOCK_TIMEOUT=10000",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + TestSmtp.server().getSmtp().getPort(),
                "--resetflow.public-base-url=" + PUBLIC_BASE,
                "--resetflow.helpdesk.privileged-group=" + PRIVILEGED_GROUP));
        args.addAll(Arrays.asList(ldapSettings));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ResetFlowApplication.class)
                .run(args.toArray(String[]::new));
        LdapJourneyApp app = new LdapJourneyApp(context, "Engine-" + UUID.randomUUID());
        assertThat(app.bean(Directory.class)).as("the directory the application talks to")
                .isInstanceOf(LdapDirectory.class);
        return app;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    Directory directory() {
        return bean(Directory.class);
    }

    /** A visitor on the request page, with its CSRF token. */
    WebSession visitor() {
        WebSession browser = new WebSession(root);
        assertThat(browser.get("/").status()).isEqualTo(200);
        return browser;
    }

    /** What the request page answers a visitor who asks for a reset ({@code purpose} reset) or an unlock. */
    static WebSession.Page ask(WebSession visitor, String identifier, String purpose) {
        return visitor.post("/request", Map.of("identifier", identifier, "purpose", purpose));
    }

    /**
     * What the job executor would do, now: the queued requests' intakes, then every due job until none is left
     * (timers not yet due, such as a link's expiry, stay). A job that fails throws here.
     */
    void runJobs() {
        ManagementService management = bean(ManagementService.class);
        ResetStarter starter = bean(ResetStarter.class);
        for (int round = 0; round < 20; round++) {
            starter.startQueued();
            List<Job> due = management.createJobQuery().executable().list();
            if (due.isEmpty() && starter.queued() == 0) {
                return;
            }
            due.forEach(job -> management.executeJob(job.getId()));
        }
        throw new AssertionError("Jobs were still due after 20 rounds");
    }

    /** The one mail with this subject to this address, waiting for it as a mail server delivers. */
    static MimeMessage mail(String to, String subject) {
        Awaitility.await("a mail to " + to + " with subject '" + subject + "'").atMost(Duration.ofSeconds(30))
                .until(() -> !mails(to, subject).isEmpty());
        List<MimeMessage> mails = mails(to, subject);
        assertThat(mails).as("mails to " + to + " with subject '" + subject + "'").hasSize(1);
        return mails.get(0);
    }

    /** Every mail to this address with this subject that has arrived. */
    static List<MimeMessage> mails(String to, String subject) {
        return mailsTo(to).stream().filter(message -> subject.equals(subject(message))).toList();
    }

    /** Every mail to this address that has arrived. */
    static List<MimeMessage> mailsTo(String to) {
        return Arrays.stream(TestSmtp.server().getReceivedMessages()).filter(message -> to.equals(recipient(message)))
                .toList();
    }

    /** The token of the one link in a mail. */
    static String link(MimeMessage mail) {
        return TestSmtp.resetToken(mail, PUBLIC_BASE);
    }

    /**
     * Starts {@code helpdesk-reset} as Tasklist's start form does, as this engine user, and runs its jobs.
     *
     * @return the request's process instance id
     */
    String helpdeskReset(String user, String operation, String... names) {
        return startAndRun(user, HelpdeskResetProcess.PROCESS_KEY, """
                {"variables": {"operation": {"value": "%s", "type": "String"},
                               "accountNames": {"value": "%s", "type": "String"}}}"""
                .formatted(operation, String.join("\\n", names)));
    }

    /** Starts an account activation as Tasklist's start form does, as the helpdesk, and runs its jobs. */
    String accountActivation(String name, String email) {
        return startAndRun(HELPDESK, "account-activation", """
                {"variables": {"accountName": {"value": "%s", "type": "String"},
                               "newAccountEmail": {"value": "%s", "type": "String"}}}""".formatted(name, email));
    }

    private String startAndRun(String user, String key, String json) {
        // The engine by its name: the REST API's default engine is whichever context of the test run registered last.
        EngineRest.useEngineOf(bean(ProcessEngine.class));
        DemoUsersRest.Answer started = rest.call(user, "POST",
                "/engine/" + engineName + "/process-definition/key/" + key + "/start", json);
        assertThat(started.status()).as("start of " + key + " as " + user + ": " + started.body()).isEqualTo(200);
        runJobs();
        return started.id();
    }

    /** The summary a helpdesk request shows its helpdesk now, one line per account. */
    String summary(String request) {
        return (String) bean(RuntimeService.class).getVariable(request, HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY);
    }

    List<String> activities(String processInstanceId) {
        return bean(RuntimeService.class).getActiveActivityIds(processInstanceId);
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}

package org.resetflow.breach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.WebSession;
import org.resetflow.TestSmtp;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.resetflow.directory.Directory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A breach-check server that sends its headers and then stalls one byte short of its declared length holds a
 * password submission for the check's deadline, not for minutes: the page answers as configured (fail open: the
 * password is set unchecked; fail closed: "try again", nothing counted), the link is not locked meanwhile, and a
 * link whose lifetime ends before the password is written writes nothing and says the link is no longer valid.
 * Demo mode over HTTP, jobs run by hand, time moved by a clock the test holds.
 */
class StallingBreachServerTest {

    static final String PUBLIC_BASE = "https://reset.example.test";
    static final String CLEAN = BreachedPasswordsTest.CLEAN;
    /** The check's deadline in these tests. */
    static final Duration DEADLINE = Duration.ofSeconds(4);
    /** Generous: only a submission that ignores the deadline comes near it. */
    static final Duration MARGIN = Duration.ofSeconds(15);
    /**
     * How long the bad server holds an answer before it drops the connection: beyond deadline and margin, so a check
     * without a deadline is still waiting when the test gives up on it.
     */
    static final Duration STALL = Duration.ofSeconds(25);

    static final RangeServer RANGE_SERVER = startRangeServer();

    @AfterAll
    static void stop() {
        RANGE_SERVER.close();
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "resetflow.public-base-url=" + PUBLIC_BASE,
            "camunda.bpm.job-execution.enabled=false",
            "camunda.bpm.process-engine-name=stallingBreachOpen",
            "resetflow.helpdesk.recent-requests-window=PT0S",
            "resetflow.breached-passwords.source=range-api",
            "resetflow.breached-passwords.on-failure=allow",
            "resetflow.breached-passwords.range-api.deadline=4s"})
    @Import(MovableTime.class)
    class FailingOpen extends Journey {

        @DynamicPropertySource
        static void rangeApi(DynamicPropertyRegistry registry) {
            registry.add("resetflow.breached-passwords.range-api.base-url", RANGE_SERVER::baseUrl);
        }

        @MockitoSpyBean
        Directory directory;

        @Test
        void shouldSetThePasswordUncheckedWithinTheDeadlineWhileTheLinkStaysUsable() throws Exception {
            // Given alice opened her link in two tabs, and the breach check's server stalls in the body
            String token = openedLink("alice");
            WebSession otherTab = new WebSession("http://localhost:" + port);
            assertThat(otherTab.get("/reset/" + token).status()).isEqualTo(200);

            // When she submits a good password, and while its check stalls submits again from the other tab with a
            // confirmation that does not match
            CompletableFuture<WebSession.Page> first = CompletableFuture.supplyAsync(() -> submit(browser, token, CLEAN));
            assertThat(RANGE_SERVER.awaitStalled(MARGIN)).as("the range server stalled the check").isTrue();
            WebSession.Page mismatch = assertTimeoutPreemptively(DEADLINE.plus(MARGIN), () -> otherTab.post("/reset",
                    Map.of("token", token, "password", CLEAN, "confirmPassword", CLEAN + "x")));

            // Then the other tab is answered while the first check still waits: the link was not locked
            assertThat(mismatch.status()).isEqualTo(422);
            assertThat(mismatch.document().select("#rejection").text()).contains("The two passwords are not the same.");

            // And the first submission ends within the deadline, failing open: the password is set unchecked
            WebSession.Page done = first.get(DEADLINE.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(done.status()).isEqualTo(200);
            String alice = demoDirectory.idOf("alice").orElseThrow();
            assertThat(demoDirectory.passwordMatches(alice, CLEAN)).isTrue();
            assertThat(demoDirectory.passwordWrites()).isEqualTo(1);
        }

        @Test
        void shouldWriteNothingWhenTheLinkExpiresWhileTheCheckStalls() throws Exception {
            // Given bob opened his link, and the breach check's server stalls in the body
            String token = openedLink("bob");
            String reset = resetOf("bob");
            Object failedBefore = runtimeService.getVariable(reset, "failedAttempts");

            // When he submits a good password, and while its check stalls, the link's lifetime ends
            CompletableFuture<WebSession.Page> submitted =
                    CompletableFuture.supplyAsync(() -> submit(browser, token, CLEAN));
            assertThat(RANGE_SERVER.awaitStalled(MARGIN)).as("the range server stalled the check").isTrue();
            clock.moveTo(linkExpiry(reset).plusSeconds(1));

            // Then, once the submission ends (at the deadline; without one, when the server drops the connection and
            // the check fails open), the page says the link is no longer valid
            WebSession.Page page = submitted.get(STALL.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(page.status()).isEqualTo(410);
            assertThat(page.document().text()).contains("This link is no longer valid");

            // And nothing reached the directory, and no attempt was burnt
            String bob = demoDirectory.idOf("bob").orElseThrow();
            assertThat(demoDirectory.passwordWrites()).isZero();
            assertThat(demoDirectory.passwordMatches(bob, CLEAN)).isFalse();
            assertThat(runtimeService.getVariable(reset, "failedAttempts")).isEqualTo(failedBefore);
        }

        @Test
        void shouldLetTheExpiryTimerEndTheResetWhileTheCheckStalls() throws Exception {
            // Given bob opened his link, and the breach check's server stalls in the body
            String token = openedLink("bob");
            String reset = resetOf("bob");

            // When he submits a good password, and while its check stalls the link's expiry timer runs
            CompletableFuture<WebSession.Page> submitted =
                    CompletableFuture.supplyAsync(() -> submit(browser, token, CLEAN));
            assertThat(RANGE_SERVER.awaitStalled(MARGIN)).as("the range server stalled the check").isTrue();
            String timer = managementService.createJobQuery().processInstanceId(reset).timers().singleResult().getId();
            assertTimeoutPreemptively(DEADLINE.plus(MARGIN), () -> managementService.executeJob(timer));

            // Then the timer was not held up by the submission: the reset ended as "Token expired"
            assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(reset)
                    .activityId("EndEvent_TokenExpired").count()).isEqualTo(1);

            // And the submission, once its check has ended, wrote nothing and says the link is no longer valid
            WebSession.Page page = submitted.get(STALL.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(page.status()).isEqualTo(410);
            assertThat(demoDirectory.passwordWrites()).isZero();
        }

        @Test
        void shouldWriteNothingWhenTheLinkExpiresAfterTheCheckBeforeThePasswordIsWritten() {
            // Given alice opened her link, the breach check answers at once, and the directory takes long enough
            // over its password rules, asked while the password is validated, for the link's lifetime to end
            RANGE_SERVER.stallingInBody(null);
            String token = openedLink("alice");
            String reset = resetOf("alice");
            Object failedBefore = runtimeService.getVariable(reset, "failedAttempts");
            AtomicBoolean slowRules = new AtomicBoolean(true);
            doAnswer(call -> {
                if (slowRules.getAndSet(false)) {
                    clock.moveTo(linkExpiry(reset).plusSeconds(1));
                }
                return call.callRealMethod();
            }).when(directory).passwordRequirements(anyString());

            // When she submits a good password
            WebSession.Page page = assertTimeoutPreemptively(DEADLINE.plus(MARGIN), () -> submit(browser, token, CLEAN));

            // Then the page says the link is no longer valid, nothing reached the directory, no attempt was burnt
            assertThat(slowRules).as("the directory's rules were asked").isFalse();
            assertThat(page.status()).isEqualTo(410);
            assertThat(page.document().text()).contains("This link is no longer valid");
            String alice = demoDirectory.idOf("alice").orElseThrow();
            assertThat(demoDirectory.passwordWrites()).isZero();
            assertThat(demoDirectory.passwordMatches(alice, CLEAN)).isFalse();
            assertThat(runtimeService.getVariable(reset, "failedAttempts")).isEqualTo(failedBefore);
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "resetflow.public-base-url=" + PUBLIC_BASE,
            "camunda.bpm.job-execution.enabled=false",
            "camunda.bpm.process-engine-name=stallingBreachClosed",
            "resetflow.helpdesk.recent-requests-window=PT0S",
            "resetflow.breached-passwords.source=range-api",
            "resetflow.breached-passwords.on-failure=refuse",
            "resetflow.breached-passwords.range-api.deadline=4s"})
    @Import(MovableTime.class)
    class FailingClosed extends Journey {

        @DynamicPropertySource
        static void rangeApi(DynamicPropertyRegistry registry) {
            registry.add("resetflow.breached-passwords.range-api.base-url", RANGE_SERVER::baseUrl);
        }

        @Test
        void shouldAskToTryAgainWithinTheDeadlineCountingNothingAndKeepingTheLink() throws Exception {
            // Given alice opened her link, and the breach check's server stalls in the body
            String token = openedLink("alice");
            String reset = resetOf("alice");
            Object failedBefore = runtimeService.getVariable(reset, "failedAttempts");

            // When she submits a good password, the submission ends within the deadline
            WebSession.Page page = assertTimeoutPreemptively(DEADLINE.plus(MARGIN), () -> submit(browser, token, CLEAN));

            // Then she is asked to try again in a moment, nothing reached the directory, no attempt counted
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.document().text()).contains("please try again in a moment");
            assertThat(demoDirectory.passwordWrites()).isZero();
            assertThat(runtimeService.getVariable(reset, "failedAttempts")).isEqualTo(failedBefore);

            // And her link still works: once the server answers again, the same password is set
            RANGE_SERVER.stallingInBody(null);
            assertThat(browser.get("/reset/" + token).status()).isEqualTo(200);
            assertThat(submit(browser, token, CLEAN).status()).isEqualTo(200);
            assertThat(demoDirectory.passwordMatches(demoDirectory.idOf("alice").orElseThrow(), CLEAN)).isTrue();
        }
    }

    abstract static class Journey {

        @LocalServerPort
        int port;
        @Autowired
        DemoDirectory demoDirectory;
        @Autowired
        DemoMailbox mailbox;
        @Autowired
        ManagementService managementService;
        @Autowired
        RuntimeService runtimeService;
        @Autowired
        HistoryService historyService;
        @Autowired
        ResetStarter resetStarter;
        @Autowired
        MovableClock clock;

        WebSession browser;

        @BeforeEach
        void freshState() {
            // Whatever an earlier test left due (a confirmation mail) runs now, so the mailbox holds only new links.
            EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
            demoDirectory.reset();
            mailbox.purge();
            clock.moveTo(null);
            RANGE_SERVER.stallingInBody(STALL);
            browser = new WebSession("http://localhost:" + port);
        }

        @AfterEach
        void realTime() {
            clock.moveTo(null);
        }

        /** Requests a reset for the user, runs the jobs, and opens the mailed link; returns its token. */
        String openedLink(String userName) {
            browser.get("/");
            assertThat(browser.post("/request", Map.of("identifier", userName)).status()).isEqualTo(200);
            EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
            String token = TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], PUBLIC_BASE);
            assertThat(browser.get("/reset/" + token).status()).isEqualTo(200);
            return token;
        }

        String resetOf(String userName) {
            return runtimeService.createProcessInstanceQuery().activityIdIn("Task_WaitForNewPassword")
                    .variableValueEquals("accountUserName", userName).singleResult().getId();
        }

        Instant linkExpiry(String reset) {
            return ((Date) runtimeService.getVariable(reset, "tokenExpiresAt")).toInstant();
        }

        static WebSession.Page submit(WebSession session, String token, String password) {
            return session.post("/reset", Map.of("token", token, "password", password, "confirmPassword", password));
        }
    }

    /** The application's clock, which a test can move to a later instant and back to real time. */
    static final class MovableClock extends Clock {

        private volatile Instant fixed;

        void moveTo(Instant instant) {
            this.fixed = instant;
        }

        @Override
        public Instant instant() {
            Instant at = fixed;
            return at != null ? at : Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class MovableTime {

        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    private static RangeServer startRangeServer() {
        try {
            return new RangeServer().breached(BreachedPasswordsTest.BREACHED, 3);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.resetflow.breach;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.resetflow.EngineJobs;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A password on the test's breach list is refused on the password page, through the range API and through the
 * offline file: the page gives the reason, the attempt counts, a clean password then goes through, and no log line
 * holds the password, its hash or its prefix. Demo mode, jobs run by hand.
 */
class BreachedPasswordPageTest {

    static final String PUBLIC_BASE = "https://reset.example.test";
    static final String BREACHED = BreachedPasswordsTest.BREACHED;
    static final String CLEAN = BreachedPasswordsTest.CLEAN;

    static final RangeServer RANGE_SERVER = startRangeServer();
    static final Path HASH_FILE = writeHashFile();

    @AfterAll
    static void stop() {
        RANGE_SERVER.close();
    }

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "resetflow.public-base-url=" + PUBLIC_BASE,
            "camunda.bpm.job-execution.enabled=false",
            "camunda.bpm.process-engine-name=breachedOnline",
            "resetflow.breached-passwords.source=range-api"})
    class ThroughTheRangeApi extends Journey {

        @DynamicPropertySource
        static void rangeApi(DynamicPropertyRegistry registry) {
            registry.add("resetflow.breached-passwords.range-api.base-url", RANGE_SERVER::baseUrl);
        }

        @Test
        void shouldRefuseABreachedPasswordAndCountTheAttempt(CapturedOutput output) {
            refusesBreachedThenTakesClean(output);
            assertThat(RANGE_SERVER.asked()).isNotEmpty()
                    .allSatisfy(asked -> assertThat(asked.path()).matches("/range/[0-9A-F]{5}"));
        }
    }

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "resetflow.public-base-url=" + PUBLIC_BASE,
            "camunda.bpm.job-execution.enabled=false",
            "camunda.bpm.process-engine-name=breachedOffline",
            "resetflow.breached-passwords.source=file"})
    class ThroughTheOfflineFile extends Journey {

        @DynamicPropertySource
        static void hashFile(DynamicPropertyRegistry registry) {
            registry.add("resetflow.breached-passwords.file.path", HASH_FILE::toString);
        }

        @Test
        void shouldRefuseABreachedPasswordAndCountTheAttempt(CapturedOutput output) {
            refusesBreachedThenTakesClean(output);
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
        ResetStarter resetStarter;

        WebSession browser;

        @BeforeEach
        void freshState() {
            demoDirectory.reset();
            mailbox.purge();
            browser = new WebSession("http://localhost:" + port);
        }

        void refusesBreachedThenTakesClean(CapturedOutput output) {
            // Given alice opened her reset link
            browser.get("/");
            assertThat(browser.post("/request", Map.of("identifier", "alice")).status()).isEqualTo(200);
            EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
            String token = TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], PUBLIC_BASE);
            assertThat(browser.get("/reset/" + token).status()).isEqualTo(200);

            // When she submits a strong-looking password that is on the breach list
            WebSession.Page refused = submit(token, BREACHED);

            // Then the form comes back with a calm reason, and the attempt counts
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.document().select("#rejection").text())
                    .contains("appears in lists of passwords leaked from other services")
                    .contains("Attempts left with this link: 4.");

            // When she submits a password that is on no list
            WebSession.Page done = submit(token, CLEAN);

            // Then it is set, and the breached one never reached the directory
            assertThat(done.status()).isEqualTo(200);
            String alice = demoDirectory.idOf("alice").orElseThrow();
            assertThat(demoDirectory.passwordMatches(alice, CLEAN)).isTrue();
            assertThat(demoDirectory.passwordWrites()).isEqualTo(1);
            // And the log holds neither password nor anything of their hashes
            BreachedPasswordsTest.assertNoSecretIn(output.getAll(), BREACHED, CLEAN);
        }

        private WebSession.Page submit(String token, String password) {
            return browser.post("/reset", Map.of("token", token, "password", password, "confirmPassword", password));
        }
    }

    private static RangeServer startRangeServer() {
        try {
            return new RangeServer().breached(BREACHED, 3).paddedWith(CLEAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeHashFile() {
        try {
            Path dir = Files.createTempDirectory("breached");
            dir.toFile().deleteOnExit();
            Path file = HashFiles.write(dir.resolve("top-breached.txt"), 10_000, BREACHED);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

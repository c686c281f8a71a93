package org.resetflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.resetflow.cluster.ClusterFixture.email;
import static org.resetflow.cluster.ClusterFixture.userName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.resetflow.scim.RequiresNodeJs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One node on an H2 file database (the packaged jar in its own JVM), killed with SIGKILL under load and started
 * again on the same file: H2 recovers the file, and the engine finishes what the dead JVM had locked.
 */
@RequiresNodeJs
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class H2CrashIT {

    private static final Logger log = LoggerFactory.getLogger(H2CrashIT.class);
    private static final Duration QUIET = Duration.ofSeconds(240);
    private static final Path FILES = Path.of("target", "cluster-it", "h2-crash").toAbsolutePath();

    private ClusterFixture fixture;
    private TcpProxy directoryLine;
    private AppNode node;

    @BeforeAll
    void startNode() throws IOException {
        deleteRecursively(FILES);
        Files.createDirectories(FILES);
        // AUTO_SERVER: the node opens the file and serves it on a loopback port, so the test can read it too.
        // WRITE_DELAY=0: H2 writes a commit to the file at once. With its default (500 ms) a SIGKILL loses the
        // commits of the last half second: in this test, the inbox rows of the requests answered just before the
        // kill (seen: 6 of 20 requests without a reset, no row, no trace).
        String url = "jdbc:h2:file:" + FILES.resolve("resetflow") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        fixture = new ClusterFixture(new DriverManagerDataSource(url, "sa", ""));
        // The directory behind a line the test can make hang, so intake batches can be caught mid look-up.
        directoryLine = new TcpProxy(java.net.URI.create(fixture.directory.baseUrl()).getPort());
        List<String> arguments = new ArrayList<>(fixture.nodeArguments(
                fixture.directory.baseUrl().replace(":" + java.net.URI.create(fixture.directory.baseUrl()).getPort(),
                        ":" + directoryLine.port())));
        arguments.addAll(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=sa",
                "--spring.datasource.password="));
        node = new AppNode("h2-node", arguments, fixture.nodeEnvironment());
        node.start();
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
        if (directoryLine != null) {
            directoryLine.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    void shouldStartOneResetPerAccountWhenTheNodeIsKilledWithIntakeBatchesInFlight() {
        ClusterClient browser = new ClusterClient();
        browser.get(node, "/");
        int resetsBefore = fixture.resetsStarted();

        // Given three requests whose batches were looked up and committed before the crash
        List<Integer> committed = List.of(60, 61, 62);
        for (int user : committed) {
            assertThat(browser.post(node, "/request", Map.of("identifier", userName(user))).status()).isEqualTo(200);
        }
        fixture.awaitQuiet(QUIET);

        // ... and, while the directory hangs, ten requests for accounts and three that match none, all claimed by
        // intake batches whose look-ups are running
        directoryLine.hold();
        List<Integer> inFlight = IntStream.rangeClosed(63, 72).boxed().toList();
        List<String> noise = List.of("nobody-a", "nobody-b@example.org", "nobody-c");
        for (int i = 0; i < inFlight.size(); i++) {
            assertThat(browser.post(node, "/request", Map.of("identifier", userName(inFlight.get(i)))).status())
                    .isEqualTo(200);
            if (i % 4 == 0) {
                assertThat(browser.post(node, "/request", Map.of("identifier", noise.get(i / 4))).status())
                        .isEqualTo(200);
            }
        }
        Awaitility.await("every request claimed, a look-up running").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> fixture.unclaimedRequests() == 0 && !fixture.lockedLookUps().isEmpty());
        assertThat(fixture.inboxRows()).as("requests claimed by batches, not yet looked up")
                .isEqualTo(inFlight.size() + noise.size());

        // When the node is killed with SIGKILL, the directory answers again, and the node starts on the same file
        List<String> lockedAtKill = fixture.lockedJobs();
        node.kill();
        log.info("Killed the H2 node with {} look-up jobs locked and {} requests claimed", lockedAtKill.size(),
                fixture.inboxRows());
        directoryLine.forward();
        node.start();

        // Then every request for an account got one mail with a working link, none lost, none twice
        List<Integer> accounts = new ArrayList<>(committed);
        accounts.addAll(inFlight);
        fixture.assertRecoveredFromKill(accounts, browser, node, lockedAtKill, "the node", QUIET);
        // ... one reset per account, and none for the identifiers that match no account
        assertThat(accounts).allSatisfy(user -> assertThat(fixture.resetsStartedFor(user))
                .as("resets started for " + userName(user)).isEqualTo(1));
        assertThat(fixture.resetsStarted() - resetsBefore).as("resets started in all").isEqualTo(accounts.size());
        // ... no request is left in the inbox, and every batch ended having started its resets
        assertThat(fixture.inboxRows()).as("requests left in the inbox").isZero();
        assertThat(fixture.intakeEnds()).as("how the intake batches ended").isNotEmpty()
                .containsOnly("EndEvent_ResetsStarted");
    }

    @Test
    @Order(2)
    void shouldMailEveryAnsweredRequestOnceWhenTheNodeIsKilledUnderLoad() {
        // Given 20 users asking for a reset
        ClusterClient browser = new ClusterClient();
        browser.get(node, "/");
        List<Integer> answered = new ArrayList<>();
        List<String> lockedAtKill = List.of();
        for (int i = 0; i < 20; i++) {
            int user = 40 + i;
            if (browser.post(node, "/request", Map.of("identifier", userName(user))).status() == 200) {
                answered.add(user);
            }
            if (i == 11) {
                // When the node is killed with SIGKILL half-way, and started again on the same database file
                lockedAtKill = fixture.lockedJobs();
                node.kill();
                log.info("Killed the H2 node; jobs locked at that moment: {}", lockedAtKill.size());
                node.start();
            }
        }

        // Then every answered request got exactly one mail, and its link works (the same message delivered again
        // at most for a job the node was running when it died, in the moment between the SMTP server's acceptance
        // and the sent-mail ledger's commit), and nothing stays locked past its lock time
        assertThat(answered).hasSize(20);
        fixture.assertRecoveredFromKill(answered, browser, node, lockedAtKill, "the node", QUIET);

        // When half of them set a password and the others' links run out
        List<String> toExpire = new ArrayList<>();
        for (int user : answered) {
            String token = fixture.newestLink(user).orElseThrow();
            if (user % 2 == 0) {
                String password = "Walnut-Glacier-" + user + "-Thistle";
                assertThat(browser.get(node, "/reset/" + token).status()).isEqualTo(200);
                assertThat(browser.post(node, "/reset",
                        Map.of("token", token, "password", password, "confirmPassword", password)).status())
                        .isEqualTo(200);
            } else {
                toExpire.add(fixture.resetOf(token));
            }
        }
        fixture.expireNow(toExpire);
        fixture.awaitQuiet(QUIET);

        // Then each password was written once and confirmed once, and each other reset ended at its expiry
        assertThat(answered).allSatisfy(user -> assertThat(fixture.passwordWrites(user)).as("writes for " + user)
                .isEqualTo(user % 2 == 0 ? 1 : 0));
        assertThat(answered).filteredOn(user -> user % 2 == 0).allSatisfy(user -> assertThat(
                fixture.mailsTo(email(user)).size() - fixture.linksTo(email(user)).size()).isEqualTo(1));
        assertThat(toExpire).allSatisfy(reset -> assertThat(fixture.endOf(reset)).contains("EndEvent_TokenExpired"));
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

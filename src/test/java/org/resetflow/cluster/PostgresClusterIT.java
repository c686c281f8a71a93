package org.resetflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.resetflow.cluster.ClusterFixture.email;
import static org.resetflow.cluster.ClusterFixture.userName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
 * Two ResetFlow nodes, each the packaged jar in its own JVM with the {@code postgres} profile, share one PostgreSQL,
 * one SCIM directory (SCIMMY) and one SMTP server (GreenMail). The test is the browser and plays a round-robin load
 * balancer without sticky sessions: it picks the node for every request.
 */
@RequiresNodeJs
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresClusterIT {

    private static final Logger log = LoggerFactory.getLogger(PostgresClusterIT.class);
    private static final Duration QUIET = Duration.ofSeconds(240);

    private ClusterFixture fixture;
    private AppNode a;
    private AppNode b;

    @BeforeAll
    void startCluster() {
        String url = PostgresServer.newDatabase();
        fixture = new ClusterFixture(new DriverManagerDataSource(url, "postgres", ""));
        List<String> arguments = new ArrayList<>(fixture.nodeArguments());
        arguments.addAll(List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres", "--spring.datasource.password="));
        a = new AppNode("node-a", arguments, fixture.nodeEnvironment());
        b = new AppNode("node-b", arguments, fixture.nodeEnvironment());
        // One node creates the schema on the empty database; the second finds it (as the README says to start them).
        a.start();
        b.start();
    }

    @AfterAll
    void stopCluster() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    void shouldCompleteOnNodeBAResetRequestedOnNodeA() {
        ClusterClient browser = new ClusterClient();
        int user = 1;

        // Given the request form served by node B, posted to node A (its CSRF cookie and token were made on B)
        assertThat(browser.get(b, "/").status()).isEqualTo(200);
        ClusterClient.Page sent = browser.post(a, "/request", Map.of("identifier", userName(user)));
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.title()).isEqualTo("Check your mail");

        // When the link opens on node B, a weak password is refused by node A, and a strong one is set on node B
        fixture.awaitQuiet(QUIET);
        String token = fixture.newestLink(user).orElseThrow();
        assertThat(browser.get(b, "/reset/" + token).status()).isEqualTo(200);
        String weak = "user01user01";
        assertThat(browser.post(a, "/reset", Map.of("token", token, "password", weak, "confirmPassword", weak))
                .status()).isEqualTo(422);
        assertThat(browser.get(b, "/reset/" + token).status()).isEqualTo(200);
        String strong = "Harbour-Violet-Cactus-83";
        ClusterClient.Page done = browser.post(b, "/reset",
                Map.of("token", token, "password", strong, "confirmPassword", strong));

        // Then the directory holds it, written once, and one reset mail and one confirmation went out
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.title()).isEqualTo("Your password was changed");
        assertThat(fixture.directory.passwordOf(ClusterFixture.userId(user))).contains(strong);
        assertThat(fixture.passwordWrites(user)).isEqualTo(1);
        fixture.awaitQuiet(QUIET);
        assertThat(fixture.mailsTo(email(user))).hasSize(2);
        assertThat(fixture.linksTo(email(user))).hasSize(1);
        // ... and the used link is dead on both nodes
        assertThat(browser.get(a, "/reset/" + token).status()).isEqualTo(410);
        assertThat(browser.get(b, "/reset/" + token).status()).isEqualTo(410);
    }

    @Test
    @Order(2)
    void shouldHoldARateLimitSpentOnNodeAOnNodeB() {
        ClusterClient browser = new ClusterClient();
        int user = 2;
        browser.get(a, "/");

        // When one identifier is asked for 7 times, alternately on A and B (5 an hour from one network)
        for (int i = 0; i < 7; i++) {
            AppNode node = i % 2 == 0 ? a : b;
            assertThat(browser.post(node, "/request", Map.of("identifier", userName(user))).status()).isEqualTo(200);
        }

        // Then 5 resets were started in all, each with its mail; per-node limits would have let all 7 through
        fixture.awaitQuiet(QUIET);
        assertThat(fixture.db.queryForObject("SELECT COUNT(*) FROM act_hi_varinst WHERE name_ = 'accountUserName' "
                + "AND text_ = ?", Integer.class, userName(user))).isEqualTo(5);
        assertThat(fixture.mailsTo(email(user))).hasSize(5);
        // ... and only the newest link works
        List<String> links = fixture.linksTo(email(user));
        assertThat(browser.get(b, "/reset/" + links.get(4)).status()).isEqualTo(200);
        assertThat(browser.get(a, "/reset/" + links.get(3)).status()).isEqualTo(410);
    }

    @Test
    @Order(3)
    void shouldPutEveryRequestInOneBatchWhenBothNodesStartersClaimAtOnce() {
        ClusterClient browser = new ClusterClient();
        int resetsBefore = fixture.resetsStarted();
        int batchesBefore = fixture.intakeBatchIds().size();

        // Given 30 requests for accounts and 6 that match none, due at the same moment for both nodes' starters
        // (written as the request page writes them, in one transaction, so neither node's page wins the race)
        List<Integer> accounts = IntStream.rangeClosed(41, 70).boxed().toList();
        List<String> identifiers = new ArrayList<>(accounts.stream().map(ClusterFixture::userName).toList());
        for (int i = 0; i < 6; i++) {
            identifiers.add(i * 5, "nobody-" + i);
        }
        fixture.enqueueAtOnce(identifiers);

        // When both starters claim them in batches of five, and both nodes' job executors look the batches up
        fixture.awaitQuiet(QUIET);

        // Then every request for an account started one reset and got one mail, the others none
        assertThat(fixture.inboxRows()).as("requests left in the inbox").isZero();
        int redelivered = fixture.assertOneMailWithAWorkingLinkEach(accounts, browser, a);
        assertThat(redelivered).as("mails delivered twice").isZero();
        assertThat(accounts).allSatisfy(user -> assertThat(fixture.resetsStartedFor(user))
                .as("resets started for " + userName(user)).isEqualTo(1));
        assertThat(fixture.resetsStarted() - resetsBefore).as("resets started in all").isEqualTo(accounts.size());
        // ... in distinct batches (no batch id twice), each of which ended having started its resets, with no
        // look-up failing on rows another batch had taken
        List<String> batches = fixture.intakeBatchIds();
        assertThat(batches).as("batch ids").doesNotHaveDuplicates();
        assertThat(batches.size() - batchesBefore).as("batches of at most five for 36 requests")
                .isGreaterThanOrEqualTo(8);
        assertThat(fixture.intakeEnds()).as("how the intake batches ended").containsOnly("EndEvent_ResetsStarted");
        assertThat(fixture.failedLookUps()).as("look-ups that failed").isZero();
        log.info("Look-ups per node: {}", fixture.nodesThatLookedUp().stream()
                .collect(java.util.stream.Collectors.groupingBy(node -> node, java.util.stream.Collectors.counting())));
    }

    @Test
    @Order(4)
    void shouldMailEveryAnsweredRequestOnceWhenANodeIsKilledUnderLoad() {
        // Given 30 users asking for a reset, round robin over both nodes
        List<Integer> answered = new ArrayList<>();
        List<String> lockedAtKill = List.of();
        ClusterClient browser = new ClusterClient();
        browser.get(a, "/");
        for (int i = 0; i < 30; i++) {
            int user = 10 + i;
            AppNode node = i % 2 == 0 ? a : b;
            if (i == 16) {
                // When node B is killed with SIGKILL in the middle of the load, holding whatever it holds
                lockedAtKill = fixture.lockedJobs();
                b.kill();
                log.info("Killed node B; jobs locked at that moment: {}", lockedAtKill.size());
            }
            if (!node.isRunning()) {
                // The load balancer's health check sends B's share to A; B's refused requests were never answered.
                node = a;
            }
            if (browser.post(node, "/request", Map.of("identifier", userName(user))).status() == 200) {
                answered.add(user);
            }
        }
        // ... and restarted
        b.start();

        // Then every answered request got exactly one mail, and its link works (the same message delivered again
        // at most for a job B was running when it died, in the moment between the SMTP server's acceptance and the
        // sent-mail ledger's commit), and nothing stays locked past its lock time
        assertThat(answered).hasSize(30);
        // ... and every job B held when it died was finished by a node since (each gone from the job table)
        fixture.assertRecoveredFromKill(answered, browser, a, lockedAtKill, "B", QUIET);

        // When half of them set a password, alternating nodes
        List<String> toExpire = new ArrayList<>();
        for (int user : answered) {
            String token = fixture.newestLink(user).orElseThrow();
            if (user % 2 == 0) {
                AppNode node = user % 4 == 0 ? a : b;
                String password = "Meadow-Copper-" + user + "-Lantern";
                assertThat(browser.get(node, "/reset/" + token).status()).isEqualTo(200);
                assertThat(browser.post(node == a ? b : a, "/reset",
                        Map.of("token", token, "password", password, "confirmPassword", password)).status())
                        .isEqualTo(200);
            } else {
                toExpire.add(fixture.resetOf(token));
            }
        }
        // ... and the other half's links run out while node A is down (their timers were made on either node)
        a.stop();
        fixture.expireNow(toExpire);
        fixture.awaitQuiet(QUIET);

        // Then each set password was written once, each expired reset ended at its expiry, on node B
        for (int user : answered) {
            assertThat(fixture.passwordWrites(user)).as("password writes for " + userName(user))
                    .isEqualTo(user % 2 == 0 ? 1 : 0);
        }
        assertThat(toExpire).allSatisfy(reset -> assertThat(fixture.endOf(reset)).contains("EndEvent_TokenExpired"));
        Map<String, List<String>> timerNodes = fixture.nodesThatRan("Event_TokenExpired", toExpire);
        assertThat(timerNodes).hasSize(toExpire.size())
                .allSatisfy((reset, nodes) -> assertThat(nodes).containsExactly("node-b"));
        Map<String, List<String>> issuingNodes = fixture.nodesThatRan("Task_IssueToken", toExpire);
        log.info("Expired resets: link issued by {} , expiry fired by {}", issuingNodes, timerNodes);
        assertThat(issuingNodes.values().stream().flatMap(List::stream).toList())
                .as("some of those links were issued on node A").contains("node-a");
        // ... and every reset that set a password got exactly one confirmation
        assertThat(answered).filteredOn(user -> user % 2 == 0).allSatisfy(user -> assertThat(
                fixture.mailsTo(email(user)).size() - fixture.linksTo(email(user)).size()).isEqualTo(1));
    }
}

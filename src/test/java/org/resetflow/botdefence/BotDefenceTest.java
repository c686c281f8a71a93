package org.resetflow.botdefence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.altcha.altcha.Altcha;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.WebSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The request page with the proof of work on, over HTTP as a script would use it. A request without a solution, with
 * a wrong, forged, expired or replayed one gets the same neutral page as any request and leaves no row in the inbox;
 * a solved challenge goes in once. Demo mode, job executor and inbox starter off, so the inbox shows what was taken.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "camunda.bpm.process-engine-name=botDefence",
        "resetflow.bot-defence.enabled=true",
        "resetflow.bot-defence.hmac-key=" + BotDefenceTest.KEY,
        // Cheap challenges: the test solves them in Java; the cost is measured in bench/.
        "resetflow.bot-defence.max-number=5000",
        "resetflow.bot-defence.elevated-max-number=50000",
        "resetflow.bot-defence.elevated-above=1000000",
        "resetflow.bot-defence.without-javascript.requests-per-address=2",
        "resetflow.rate-limit.requests-per-address=1000",
        "resetflow.rate-limit.requests-per-identifier=1000",
        "resetflow.rate-limit.requests-per-identifier-all-networks=1000"})
class BotDefenceTest {

    static final String KEY = "test-bot-defence-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    UsedSolutions usedSolutions;
    @Autowired
    RequestRate requestRate;
    @Autowired
    ProofOfWorkPolicy policy;
    @Autowired
    RepositoryService repositoryService;

    WebSession browser;

    @BeforeEach
    void emptyInbox() {
        jdbc.update("DELETE FROM rf_reset_request");
        jdbc.update("DELETE FROM rf_bot_solution");
        browser = new WebSession("http://localhost:" + port);
        browser.get("/");
    }

    @Test
    void shouldStartNoResetForAScriptThatSendsNoSolution() {
        // When a script posts the form without solving the challenge
        WebSession.Page answer = browser.post("/request", Map.of("identifier", "alice"));

        // Then it gets the neutral page, and nothing is queued
        assertNeutral(answer);
        assertThat(inbox()).isZero();
    }

    @Test
    void shouldStartNoResetForAWrongForgedOrExpiredSolution() throws Exception {
        JsonNode challenge = challenge();
        String solved = AltchaSolver.solve(challenge.toString());
        JsonNode payload = JSON.readTree(Base64.getDecoder().decode(solved));
        long number = payload.path("number").asLong();
        String salt = challenge.path("salt").asText();

        // A wrong number, a challenge signed with another key, an expired challenge signed with ours, and junk
        String wrongNumber = AltchaSolver.payload(challenge.path("challenge").asText(), salt, number + 1,
                challenge.path("signature").asText());
        String forged = AltchaSolver.solve(JSON.writeValueAsString(Altcha.createChallenge(new Altcha.ChallengeOptions()
                .setHmacKey("another-key-another-key-another-key").setMaxNumber(5_000L)
                .setExpires(Instant.now().plusSeconds(600).getEpochSecond()))));
        String expired = AltchaSolver.solve(JSON.writeValueAsString(Altcha.createChallenge(new Altcha.ChallengeOptions()
                .setHmacKey(KEY).setMaxNumber(5_000L).setExpires(Instant.now().minusSeconds(1).getEpochSecond()))));
        String noExpiry = AltchaSolver.solve(JSON.writeValueAsString(Altcha.createChallenge(new Altcha.ChallengeOptions()
                .setHmacKey(KEY).setMaxNumber(5_000L))));

        for (String wrong : new String[] {wrongNumber, forged, expired, noExpiry, "not-base64!", "e30=", ""}) {
            assertNeutral(browser.post("/request", Map.of("identifier", "alice", "altcha", wrong)));
        }
        assertThat(inbox()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rf_bot_solution", Long.class)).isZero();
    }

    @Test
    void shouldTakeASolvedChallengeOnceAndRefuseItsReplay() throws Exception {
        // Given a challenge solved as the widget would
        String solution = AltchaSolver.solve(challenge().toString());

        // When it is posted, then posted again (also for another identifier)
        WebSession.Page first = browser.post("/request", Map.of("identifier", "alice", "altcha", solution));
        WebSession.Page replay = browser.post("/request", Map.of("identifier", "alice", "altcha", solution));
        WebSession.Page replayElsewhere = browser.post("/request", Map.of("identifier", "bob", "altcha", solution));

        // Then all three get the same neutral page, and only the first one is queued
        assertNeutral(first);
        assertNeutral(replay);
        assertNeutral(replayElsewhere);
        assertThat(inbox()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rf_bot_solution", Long.class)).isEqualTo(1);
    }

    @Test
    void shouldTakeTheNoJavascriptFallbackOnlyWithinItsOwnLimits() {
        // When a browser without JavaScript posts three times (its limit is two per network)
        for (int i = 0; i < 3; i++) {
            assertNeutral(browser.post("/request", Map.of("identifier", "alice", "noScript", "true")));
        }

        // Then two are queued
        assertThat(inbox()).isEqualTo(2);
    }

    @Test
    void shouldLetTheProcessOwnerSwitchTheProofOfWorkOffInTheDecisionTable() throws Exception {
        // Given the shipped table requires the proof of work: the form shows the widget (in the page's words), a
        // script gets nowhere
        var widget = browser.get("/").document().select("form altcha-widget");
        assertThat(widget).hasSize(1);
        assertThat(JSON.readTree(widget.attr("strings")).path("verifying").asText())
                .isEqualTo("Checking this browser, about a second...");
        assertNeutral(browser.post("/request", Map.of("identifier", "alice")));
        assertThat(inbox()).isZero();

        // When the process owner deploys requestChecks with "self-service" -> false
        String table;
        try (var shipped = getClass().getResourceAsStream("/bpmn/request-checks.dmn")) {
            table = new String(shipped.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String off = table.replace("<outputEntry id=\"OutputEntry_SelfServiceProofOfWork\"><text>true</text>",
                "<outputEntry id=\"OutputEntry_SelfServiceProofOfWork\"><text>false</text>");
        assertThat(off).isNotEqualTo(table);
        String deployment = repositoryService.createDeployment().addString("request-checks.dmn", off).deploy().getId();
        try {
            policy.forget();

            // Then the form has no widget, and a request without a solution starts a reset
            assertThat(browser.get("/").document().select("form altcha-widget")).isEmpty();
            assertNeutral(browser.post("/request", Map.of("identifier", "alice")));
            assertThat(inbox()).isEqualTo(1);
        } finally {
            repositoryService.deleteDeployment(deployment, true);
            policy.forget();
        }
    }

    @Test
    void shouldServeSignedChallengesThatAreNotCached() throws Exception {
        HttpResponse<String> page = fetchChallenge();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode challenge = JSON.readTree(page.body());
        assertThat(challenge.path("algorithm").asText()).isEqualTo("SHA-256");
        assertThat(challenge.path("maxnumber").asLong()).isEqualTo(5_000);
        assertThat(challenge.path("salt").asText()).contains("?expires=");
        assertThat(Altcha.hmacHex(Altcha.Algorithm.SHA256, challenge.path("challenge").asText().getBytes(), KEY))
                .isEqualTo(challenge.path("signature").asText());
    }

    @Test
    void shouldRaiseTheCostWhileTheRequestRateIsAboveTheThreshold() throws Exception {
        // Given the cost of a quiet node
        assertThat(challenge().path("maxnumber").asLong()).isEqualTo(5_000);

        // When this node sees more requests a minute than the threshold (1,000,000 here, so counted directly)
        for (int i = 0; i <= 1_000_000; i++) {
            requestRate.record();
        }

        // Then challenges cost the elevated number
        assertThat(challenge().path("maxnumber").asLong()).isEqualTo(50_000);
    }

    @Test
    void shouldDeleteSpentSolutionsOnceTheirChallengeExpired() {
        // Given one spent solution whose challenge expired and one still live
        assertThat(usedSolutions.firstUse("a".repeat(64), Instant.now().minusSeconds(1))).isTrue();
        assertThat(usedSolutions.firstUse("b".repeat(64), Instant.now().plusSeconds(600))).isTrue();

        // When the cleanup runs
        usedSolutions.deleteExpired();

        // Then only the live one remains, and it still counts as used
        assertThat(jdbc.queryForList("SELECT challenge FROM rf_bot_solution", String.class))
                .containsExactly("b".repeat(64));
        assertThat(usedSolutions.firstUse("b".repeat(64), Instant.now().plusSeconds(600))).isFalse();
    }

    private JsonNode challenge() throws Exception {
        return JSON.readTree(fetchChallenge().body());
    }

    /** As the widget fetches it. */
    private HttpResponse<String> fetchChallenge() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/bot-defence/challenge"))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private long inbox() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM rf_reset_request", Long.class);
        return count == null ? 0 : count;
    }

    private static void assertNeutral(WebSession.Page page) {
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.title()).isEqualTo("Check your mail");
    }
}

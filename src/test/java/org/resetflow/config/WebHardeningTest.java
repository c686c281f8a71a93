package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.resetflow.WebSession;
import org.resetflow.EngineJobs;
import org.resetflow.request.ResetStarter;
import org.resetflow.EngineRest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Headers, rate limits and the locked-down engine, over HTTP. Each test poses as its own client address through
 * {@code X-Forwarded-For}, as behind a reverse proxy (127.0.0.1, the test's own address, is the trusted proxy), so
 * the limits of one test do not touch another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.request.starter-interval=1h",
        "resetflow.trusted-proxies=127.0.0.1/32",
        "resetflow.rate-limit.requests-per-address=4",
        "resetflow.rate-limit.requests-per-identifier=2",
        "resetflow.rate-limit.requests-per-identifier-all-networks=2",
        "resetflow.rate-limit.link-checks-per-address=3"})
class WebHardeningTest {

    private static final String RANDOM_TOKEN = "Q2hhbmdlTWVJZllvdUNhbiBUaGlzSXNOb3RBVG9rZW4";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    HistoryService historyService;
    @Autowired
    ManagementService managementService;
    @Autowired
    org.camunda.bpm.engine.ProcessEngine processEngine;
    @Autowired
    ResetStarter resetStarter;

    @org.junit.jupiter.api.BeforeEach
    void talkToThisContextsEngine() {
        EngineRest.useEngineOf(processEngine);
    }

    @Test
    void shouldSendStrictSecurityHeadersOnEveryPublicPage() {
        WebSession browser = client("198.51.100.1");

        WebSession.Page request = browser.get("/");
        WebSession.Page link = browser.get("/reset/" + RANDOM_TOKEN);

        for (WebSession.Page page : new WebSession.Page[] {request, link}) {
            assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'")
                    .contains("frame-ancestors 'none'").contains("form-action 'self'")
                    // Scripts only from ResetFlow itself (the strength meter): none inline, none evaluated.
                    .contains("script-src 'self';").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        assertThat(link.header("Cache-Control")).contains("no-store");
        assertThat(request.document().select("form input[name=_csrf]").attr("value")).isNotBlank();
    }

    @Test
    void shouldAnswerNeutrallyButStartNoResetOverThePerIdentifierCap() {
        // Given two requests for bob already made, from two different addresses
        client("198.51.100.2").post("/request", Map.of("identifier", "bob"));
        client("198.51.100.3").post("/request", Map.of("identifier", "bob"));

        // When a third arrives from yet another address
        WebSession third = client("198.51.100.4");
        WebSession.Page answer = third.post("/request", Map.of("identifier", "bob"));

        // Then it gets the usual answer, and no third reset starts
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.title()).isEqualTo("Check your mail");
        assertThat(resetsFrom("198.51.100.2") + resetsFrom("198.51.100.3")).isEqualTo(2);
        assertThat(resetsFrom("198.51.100.4")).isZero();
    }

    @Test
    void shouldAnswerNeutrallyButStartNoResetOverThePerAddressLimit() {
        // Given one address that asks for four different accounts
        WebSession flooder = client("198.51.100.5");
        for (int i = 1; i <= 4; i++) {
            assertThat(flooder.post("/request", Map.of("identifier", "flood-" + i)).title()).isEqualTo("Check your mail");
        }

        // When it asks a fifth time
        WebSession.Page answer = flooder.post("/request", Map.of("identifier", "flood-5"));

        // Then the answer is the same page, and no reset starts for it
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.title()).isEqualTo("Check your mail");
        assertThat(resetsFrom("198.51.100.5")).isEqualTo(4);
    }

    @Test
    void shouldStopTokenGuessingByVolumeWithA429Page() {
        // Given an address that has tried three links
        WebSession guesser = client("198.51.100.6");
        for (int i = 0; i < 3; i++) {
            assertThat(guesser.get("/reset/" + RANDOM_TOKEN).status()).isEqualTo(410);
        }

        // When it tries a fourth, or posts one
        WebSession.Page page = guesser.get("/reset/" + RANDOM_TOKEN);
        WebSession.Page post = guesser.post("/reset", Map.of("token", RANDOM_TOKEN, "password", "x", "confirmPassword", "x"));

        // Then it is told to wait, in a readable page
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.title()).isEqualTo("Too many tries");
        assertThat(page.header("Retry-After")).isEqualTo("60");
        assertThat(post.status()).isEqualTo(429);
        // And another address is not affected
        assertThat(client("198.51.100.7").get("/reset/" + RANDOM_TOKEN).status()).isEqualTo(410);
    }

    @Test
    void shouldOpenTheRestApiOnlyToEngineUsers() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI definitions = URI.create("http://localhost:" + port + "/engine-rest/process-definition?key=password-reset");
        String demo = "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes());

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(definitions).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> admin = http.send(HttpRequest.newBuilder(definitions).header("Authorization", demo)
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("\"key\":\"password-reset\"");
    }

    private WebSession client(String address) {
        WebSession session = new WebSession("http://localhost:" + port).withHeader("X-Forwarded-For", address);
        session.get("/");
        return session;
    }

    /** Resets started from one client address (what was typed is not kept, so the address tells them apart). */
    /**
     * Requests the limits let through from this client: rows in the request inbox. Since the request intake, a name
     * that matches no account starts no reset, so resets are no measure of what passed the limits; this class pauses
     * the inbox's starter (an hour between rounds) so that the rows stay where the page wrote them.
     */
    private long resetsFrom(String clientAddress) {
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM rf_reset_request WHERE client_address = ?", Long.class,
                clientAddress);
        return rows == null ? 0 : rows;
    }
}

package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.resetflow.PasswordResetProcess.PROCESS_KEY;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.resetflow.EngineJobs;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.WebSession.Page;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.resetflow.token.ResetTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hostile input through the real HTTP stack (Tomcat, Spring Security, the pages, the engine, the demo directory and
 * the demo mail server). Every case states its exact outcome, and every case also checks the invariants: no 500, no
 * stack trace, no mail and no directory write unless the case expects one.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + HostileInputTest.PUBLIC_BASE,
        // The suite sends many requests from one address; the limits have their own test.
        "resetflow.rate-limit.requests-per-address=100000",
        "resetflow.rate-limit.requests-per-identifier=100000",
        "resetflow.rate-limit.requests-per-identifier-all-networks=100000",
        "resetflow.rate-limit.link-checks-per-address=100000"})
class HostileInputTest {

    static final String PUBLIC_BASE = "https://reset.example.test";
    private static final String STRONG = "Copper-Meadow-Lantern-83";
    private static final String RANDOM_TOKEN = "Q2hhbmdlTWVJZllvdUNhbiBUaGlzSXNOb3RBVG9rZW4";

    @LocalServerPort
    int port;
    @Autowired
    DemoDirectory directory;
    @Autowired
    DemoMailbox mailbox;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    ResetTokens resetTokens;
    @Autowired
    HistoryService historyService;
    @Autowired
    ReceivedFilters receivedFilters;

    WebSession browser;

    @BeforeEach
    void freshState() {
        awaitIdleEngine();
        mailbox.purge();
        directory.reset();
        browser = new WebSession("http://localhost:" + port);
        browser.get("/");
    }

    /** What a case expects: the HTTP status, the page's heading, and whether a mail goes out. */
    record Expect(int status, String title, boolean mail) {

        static Expect neutral() {
            return new Expect(200, "Check your mail", false);
        }

        static Expect badIdentifier() {
            return new Expect(400, "Forgot your password?", false);
        }

        static Expect invalidLink() {
            return new Expect(410, "This link is no longer valid", false);
        }

        static Expect rejectedPassword() {
            return new Expect(422, "Choose a new password", false);
        }
    }

    interface Attack {
        Page run(HostileInputTest test) throws Exception;
    }

    static Stream<Arguments> attacks() {
        String big = "a".repeat(20_000);
        return Stream.of(
                // SCIM filter injection has a test of its own, which also checks the filter the directory received
                // Header and log injection
                attack("CRLF mail header injection", t -> t.request("alice@example.org\r\nBcc: evil@example.org"), Expect.badIdentifier()),
                attack("bare LF", t -> t.request("alice\nInjected: yes"), Expect.badIdentifier()),
                attack("NUL byte", t -> t.request("alice\u0000"), Expect.badIdentifier()),
                attack("tab and escape characters", t -> t.request("al\tice\u001b[31m"), Expect.badIdentifier()),
                attack("zero-width space", t -> t.request("ali\u200Bce"), Expect.badIdentifier()),
                attack("right-to-left override", t -> t.request("\u202Eecila"), Expect.badIdentifier()),
                attack("Unicode line separator", t -> t.request("alice\u2028x"), Expect.badIdentifier()),
                // Size
                attack("identifier of 257 characters", t -> t.request("a".repeat(257)), Expect.badIdentifier()),
                attack("identifier of 5,000 characters", t -> t.request("b".repeat(5_000)), Expect.badIdentifier()),
                attack("body over 16 KiB", t -> t.browser.post("/request", Map.of("identifier", big)), new Expect(413, "Something went wrong", false)),
                attack("empty identifier", t -> t.request(""), Expect.badIdentifier()),
                attack("only spaces", t -> t.request("    "), Expect.badIdentifier()),
                attack("no identifier field", t -> t.browser.post("/request", Map.of()), Expect.badIdentifier()),
                // Unicode look-alikes and normalisation
                attack("Cyrillic look-alike of alice", t -> t.request("\u0430lice"), Expect.neutral()),
                attack("full-width alice is normalised to alice", t -> t.request("\uFF41\uFF4C\uFF49\uFF43\uFF45"), new Expect(200, "Check your mail", true)),
                attack("unknown user with accents", t -> t.request("Zo\u00EB-\u00C5ngstr\u00F6m"), Expect.neutral()),
                // Script injection in every echoed field
                attack("script in the identifier", t -> t.request("<script>alert(1)</script>"), Expect.neutral()),
                attack("script in the password fields", t -> t.submit(t.validToken(), "<script>alert(1)</script>", "<img src=x onerror=alert(1)>"), Expect.rejectedPassword()),
                attack("script in a link path", t -> t.browser.get("/reset/%3Cscript%3Ealert(1)%3C%2Fscript%3E"), new Expect(400, "HTTP Status 400 – Bad Request", false)),
                attack("script in a link path, no slash", t -> t.browser.get("/reset/%3Cscript%3Ealert(1)%3C%2Fscript%3E".replace("%2F", "")), Expect.invalidLink()),
                // CSRF
                attack("request without CSRF token", t -> t.browser.postRaw("/request", Map.of("identifier", "alice")), new Expect(403, "Something went wrong", false)),
                attack("request with forged CSRF token", t -> t.browser.postRaw("/request", Map.of("identifier", "alice", "_csrf", "forged")), new Expect(403, "Something went wrong", false)),
                attack("password without CSRF token", t -> t.browser.postRaw("/reset", Map.of("token", t.validToken(), "password", STRONG, "confirmPassword", STRONG)), new Expect(403, "Something went wrong", false)),
                // Malformed, short, long and random tokens
                attack("short token", t -> t.browser.get("/reset/abc"), Expect.invalidLink()),
                attack("long token", t -> t.browser.get("/reset/" + "A".repeat(500)), Expect.invalidLink()),
                attack("random well-formed token", t -> t.browser.get("/reset/" + RANDOM_TOKEN), Expect.invalidLink()),
                attack("token with a NUL", t -> t.browser.get("/reset/abc%00def"), new Expect(400, "HTTP Status 400 – Bad Request", false)),
                attack("posted random token", t -> t.submit(RANDOM_TOKEN, STRONG, STRONG), Expect.invalidLink()),
                attack("posted without token", t -> t.browser.post("/reset", Map.of("password", STRONG, "confirmPassword", STRONG)), Expect.invalidLink()),
                // The link page's own POST (the confirmation of a helpdesk's generated password)
                attack("link page posted, random token", t -> t.browser.post("/reset/" + RANDOM_TOKEN, Map.of()), Expect.invalidLink()),
                attack("link page posted without CSRF token", t -> t.browser.postRaw("/reset/" + t.validToken(), Map.of()), new Expect(403, "Something went wrong", false)),
                attack("link page posted for a chosen password", t -> t.browser.post("/reset/" + t.validToken(), Map.of()), new Expect(200, "Choose a new password", false)),
                attack("valid token, SQL-ish suffix", t -> t.browser.get("/reset/" + t.validToken() + "'%20OR%20'1'='1"), Expect.invalidLink()),
                // Passwords
                attack("password of 129 characters", t -> t.submit(t.validToken(), "Zq9!".repeat(32) + "x", "Zq9!".repeat(32) + "x"), Expect.rejectedPassword()),
                attack("password with NUL", t -> t.submit(t.validToken(), STRONG + "\u0000", STRONG + "\u0000"), Expect.rejectedPassword()),
                attack("password with CRLF", t -> t.submit(t.validToken(), STRONG + "\r\nX", STRONG + "\r\nX"), Expect.rejectedPassword()),
                // Links that were valid once
                attack("replay of a used link", HostileInputTest::replayUsedLink, new Expect(410, "This link is no longer valid", true)),
                attack("superseded link", HostileInputTest::supersededLink, new Expect(410, "This link is no longer valid", true)),
                attack("expired link", HostileInputTest::expiredLink, Expect.invalidLink()),
                // Host header poisoning: the mail still links to the configured base URL
                attack("forged Host header", t -> t.requestWithHost("evil.example.com"), new Expect(200, "Check your mail", true)),
                // The engine is not open to anonymous callers
                attack("anonymous REST API", t -> t.browser.get("/engine-rest/process-definition"), new Expect(401, "", false)),
                attack("anonymous REST API, wrong password", t -> t.browser.send(HttpRequest.newBuilder(t.uri("/engine-rest/task"))
                        .header("Authorization", "Basic ZGVtbzp3cm9uZw==")), new Expect(401, "", false)),
                attack("anonymous Cockpit API", t -> t.browser.get("/camunda/api/engine/engine/default/process-definition"), new Expect(401, "Something went wrong", false)),
                attack("anonymous user list", t -> t.browser.get("/camunda/api/engine/engine/default/user"), new Expect(401, "Something went wrong", false)),
                // An address that is not one of the public pages does not exist for a visitor (ErrorPagesTest).
                attack("unknown application path", t -> t.browser.get("/admin/env"), new Expect(404, "Page not found", false)),
                // Management endpoints live on the management port only; here they do not exist (operations package).
                attack("management endpoint on the public port", t -> t.browser.get("/actuator/env"), new Expect(404, "Page not found", false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void shouldHandleHostileInputWithTheExactOutcome(String name, Attack attack, Expect expect) throws Exception {
        int writesBefore = directory.passwordWrites();

        Page page = attack.run(this);

        assertThat(page.status()).as("status").isEqualTo(expect.status());
        assertThat(page.title()).as("page").isEqualTo(expect.title());
        String body = page.body();
        assertThat(body).as("no stack trace or internals")
                .doesNotContain("Exception").doesNotContain("at org.").doesNotContain("Whitelabel");
        assertThat(body).as("no echoed script").doesNotContain("<script>alert").doesNotContain("<img src=x");
        awaitIdleEngine();
        if (!expect.mail()) {
            assertThat(mailbox.messages()).as("mails sent").isEmpty();
        } else {
            assertThat(mailbox.messages()).as("mails sent").isNotEmpty();
            for (var message : mailbox.messages()) {
                assertThat(TestSmtp.text(message)).doesNotContain("evil.example.com");
            }
        }
        assertThat(directory.passwordWrites()).as("directory writes").isEqualTo(writesBefore);
    }

    static Stream<Arguments> filterInjections() {
        return Stream.of(
                Arguments.of("quotes in a user name", "x\" or userName pr or userName eq \"",
                        List.of("userName eq \"x\\\" or userName pr or userName eq \\\"\"")),
                // With an "@" the identifier may be an address or a UPN-style user name: searched both ways, in the
                // intake's one batched search (two or terms, each value escaped on its own)
                Arguments.of("quotes in an e-mail address", "a@b.c\" or emails pr or emails.value eq \"x",
                        List.of("userName eq \"a@b.c\\\" or emails pr or emails.value eq \\\"x\""
                                + " or emails.value eq \"a@b.c\\\" or emails pr or emails.value eq \\\"x\"")),
                Arguments.of("a backslash before a quote", "alice\\\" or \"1\" eq \"1",
                        List.of("userName eq \"alice\\\\\\\" or \\\"1\\\" eq \\\"1\"")),
                Arguments.of("a bare operator", "userName pr", List.of("userName eq \"userName pr\"")));
    }

    /**
     * An injection that worked would not change the page or the mailbox: a match-all filter finds several accounts,
     * "ambiguous", which sends no mail either. So this looks at what the directory received and at the reset's own
     * outcome.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("filterInjections")
    void shouldSendTheIdentifierAsOneEscapedFilterValueAndFindNoAccount(String name, String identifier,
                                                                       List<String> escapedFilters,
                                                                       CapturedOutput output) {
        // Given the resets so far, and no look-up received yet
        Set<String> earlierResets = resetIds();
        receivedFilters.clear();

        // When a reset is asked for with an identifier crafted to close the filter's string and add a clause
        Page page = request(identifier);

        // Then the answer is the neutral one
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.title()).isEqualTo("Check your mail");
        // And, once the look-up has run, the directory received the identifier as one RFC 7644 string in each filter
        awaitIdleEngine();
        assertThat(receivedFilters.filters()).containsExactlyElementsOf(escapedFilters);
        // And its batch started no reset, because it found no account, not because it found several ("ambiguous"):
        // the intake says why by request id, never by what was typed
        Set<String> started = resetIds();
        started.removeAll(earlierResets);
        assertThat(started).as("resets started").isEmpty();
        assertThat(output.getAll()).containsPattern("request [0-9a-f-]+ gets no reset: no-match")
                .doesNotContain("gets no reset: ambiguous");
        assertThat(mailbox.messages()).as("mails sent").isEmpty();
        assertThat(directory.passwordWrites()).as("directory writes").isZero();
    }

    @Test
    void shouldWriteThePasswordExactlyOnceWhenOneLinkIsSubmittedFiftyTimesInParallel() throws Exception {
        // Given a valid link
        String token = validToken();
        int writesBefore = directory.passwordWrites();

        // When 50 browsers submit it at once
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Callable<Integer>> submissions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            submissions.add(() -> {
                WebSession parallel = new WebSession("http://localhost:" + port);
                parallel.get("/");
                return parallel.post("/reset", Map.of("token", token, "password", STRONG, "confirmPassword", STRONG)).status();
            });
        }
        Map<Integer, Integer> statuses = new HashMap<>();
        try {
            for (Future<Integer> result : pool.invokeAll(submissions)) {
                statuses.merge(result.get(), 1, Integer::sum);
            }
        } finally {
            pool.shutdownNow();
        }

        // Then exactly one of them set the password; the others were told the link is no longer valid (or to retry)
        assertThat(directory.passwordWrites() - writesBefore).isEqualTo(1);
        assertThat(statuses.get(200)).isEqualTo(1);
        assertThat(statuses.keySet()).isSubsetOf(200, 410, 503);
        assertThat(directory.passwordMatches(directory.idOf("alice").orElseThrow(), STRONG)).isTrue();
    }

    // --- the moves an attacker makes ---

    Page request(String identifier) {
        return browser.post("/request", Map.of("identifier", identifier));
    }

    Page submit(String token, String password, String confirmation) {
        return browser.post("/reset", Map.of("token", token, "password", password, "confirmPassword", confirmation));
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** A live link for alice, taken from her mail; the mailbox is emptied again afterwards. */
    String validToken() {
        request("alice");
        String token = TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], PUBLIC_BASE);
        awaitIdleEngine();
        mailbox.purge();
        return token;
    }

    static Page replayUsedLink(HostileInputTest t) {
        String token = t.validToken();
        assertThat(t.submit(token, STRONG, STRONG).status()).isEqualTo(200);
        t.awaitIdleEngine();
        t.directory.reset();
        return t.browser.get("/reset/" + token);
    }

    static Page supersededLink(HostileInputTest t) {
        String first = t.validToken();
        t.request("alice");
        TestSmtp.awaitMessages(t.mailbox, 1);
        t.awaitIdleEngine();
        return t.browser.get("/reset/" + first);
    }

    static Page expiredLink(HostileInputTest t) {
        String token = t.validToken();
        String reset = t.resetTokens.findReset(token).orElseThrow();
        Job timer = t.managementService.createJobQuery().processInstanceId(reset).timers().singleResult();
        t.managementService.executeJob(timer.getId());
        return t.browser.get("/reset/" + token);
    }

    /** Raw HTTP, because Java's client does not let a caller forge the Host header. */
    Page requestWithHost(String host) throws IOException {
        Page form = new WebSession("http://localhost:" + port).get("/");
        String csrf = form.document().select("input[name=_csrf]").attr("value");
        String cookie = form.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0]).reduce((a, b) -> a + "; " + b).orElse("");
        String body = "identifier=alice&_csrf=" + java.net.URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        String raw = "POST /request HTTP/1.1\r\nHost: " + host + "\r\nX-Forwarded-Host: " + host
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: " + cookie
                + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            // The one link in the mail starts with the configured base URL, whatever Host said.
            assertThat(TestSmtp.resetToken(TestSmtp.awaitMessages(mailbox, 1)[0], PUBLIC_BASE)).isNotBlank();
            return Page.of(status, response.substring(response.indexOf("\r\n\r\n") + 4),
                    java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true));
        }
    }

    void awaitIdleEngine() {
        EngineJobs.awaitIdle(managementService, resetStarter);
    }

    Set<String> resetIds() {
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKey(PROCESS_KEY).list().stream()
                .map(HistoricProcessInstance::getId).collect(Collectors.toCollection(HashSet::new));
    }

    private static Arguments attack(String name, Attack attack, Expect expect) {
        return Arguments.of(name, attack, expect);
    }

    /**
     * Records the {@code filter} of every search the demo directory receives, in front of it as a servlet filter,
     * so the test sees the request as it came over HTTP and the demo directory stays as it is.
     */
    static final class ReceivedFilters extends OncePerRequestFilter {

        private final List<String> filters = new CopyOnWriteArrayList<>();

        List<String> filters() {
            return List.copyOf(filters);
        }

        void clear() {
            filters.clear();
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if ("GET".equals(request.getMethod())) {
                filters.add(request.getParameter("filter"));
            }
            chain.doFilter(request, response);
        }
    }

    @TestConfiguration
    static class RecordDirectorySearches {

        @Bean
        ReceivedFilters receivedFilters() {
            return new ReceivedFilters();
        }

        @Bean
        FilterRegistrationBean<ReceivedFilters> receivedFiltersRegistration(ReceivedFilters receivedFilters) {
            FilterRegistrationBean<ReceivedFilters> registration = new FilterRegistrationBean<>(receivedFilters);
            registration.addUrlPatterns(DemoDirectory.SCIM_BASE_PATH + "/Users");
            return registration;
        }
    }
}

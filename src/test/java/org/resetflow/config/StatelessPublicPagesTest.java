package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Manager;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

/**
 * The public pages keep no server session: an anonymous visitor must cost no memory, and any node must be able to
 * check a form that another node served. The CSRF token travels in a cookie instead, and is still enforced.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.public-base-url=" + StatelessPublicPagesTest.PUBLIC_BASE})
class StatelessPublicPagesTest {

    static final String PUBLIC_BASE = "http://reset.example.test";
    private static final String STRONG = "Copper-Meadow-Lantern-83";
    private static final int VISITS = 10_000;
    private static final int THREADS = 4;

    @LocalServerPort
    int port;
    @Autowired
    ServletWebServerApplicationContext context;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetStarter resetStarter;
    @Autowired
    DemoMailbox mailbox;

    @Test
    void shouldCreateNoSessionForTenThousandAnonymousVisits() throws Exception {
        // Given the number of sessions Tomcat has created so far
        long before = sessionsCreated();

        // When 10,000 visitors without cookies open the request page, a few at a time
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest visit = HttpRequest.newBuilder(URI.create(baseUrl() + "/")).header("Accept", "text/html").build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Callable<Integer>> visitors = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            visitors.add(() -> {
                int ok = 0;
                for (int i = 0; i < VISITS / THREADS; i++) {
                    if (http.send(visit, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        ok++;
                    }
                }
                return ok;
            });
        }
        int served = 0;
        try {
            for (Future<Integer> visitor : pool.invokeAll(visitors)) {
                served += visitor.get();
            }
        } finally {
            pool.shutdown();
        }

        // Then every page was served, and not one session was created
        assertThat(served).isEqualTo(VISITS);
        assertThat(sessionsCreated() - before).isZero();
        assertThat(activeSessions()).isZero();
    }

    @Test
    void shouldCompleteBothFormsWithoutASession() {
        // Given a visitor on the request page
        long before = sessionsCreated();
        EngineJobs.awaitIdle(managementService, resetStarter);
        mailbox.purge();
        WebSession browser = new WebSession(baseUrl());
        WebSession.Page form = browser.get("/");

        // When she asks for a reset, opens the link from the mail and sets a new password
        WebSession.Page sent = browser.post("/request", Map.of("identifier", "alice"));
        MimeMessage mail = TestSmtp.awaitMessages(mailbox, 1)[0];
        // The mail leaves inside the job that stores the link; the link works once that job has committed.
        EngineJobs.awaitIdle(managementService, resetStarter);
        String token = TestSmtp.resetToken(mail, PUBLIC_BASE);
        WebSession.Page passwordForm = browser.get("/reset/" + token);
        WebSession.Page done = browser.post("/reset",
                Map.of("token", token, "password", STRONG, "confirmPassword", STRONG));

        // Then every step worked, through a CSRF cookie and not a session
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.title()).isEqualTo("Check your mail");
        assertThat(passwordForm.status()).isEqualTo(200);
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.title()).isEqualTo("Your password was changed");
        assertThat(sessionsCreated() - before).isZero();
        assertThat(form.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("JSESSIONID"))
                .singleElement().asString()
                .startsWith("resetflow-csrf=").contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
    }

    @Test
    void shouldStillRefuseAPostWithoutAValidCsrfToken() throws Exception {
        // Given two visitors who each opened the request page
        long before = sessionsCreated();
        WebSession mallory = new WebSession(baseUrl());
        WebSession.Page malloryPage = mallory.get("/");
        WebSession victim = new WebSession(baseUrl());
        victim.get("/");
        String malloryToken = malloryPage.document().select("input[name=_csrf]").attr("value");

        // When one posts without a token, with a forged one, or with a token copied from the other's page,
        // and someone posts a real token without the cookie it belongs to
        WebSession.Page none = victim.postRaw("/request", Map.of("identifier", "alice"));
        WebSession.Page forged = victim.postRaw("/request", Map.of("identifier", "alice", "_csrf", "forged"));
        WebSession.Page copied = victim.postRaw("/request", Map.of("identifier", "alice", "_csrf", malloryToken));
        HttpResponse<String> noCookie = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/request"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("identifier=alice&_csrf="
                        + URLEncoder.encode(malloryToken, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());

        // Then each is refused
        assertThat(none.status()).isEqualTo(403);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(copied.status()).isEqualTo(403);
        assertThat(noCookie.statusCode()).isEqualTo(403);
        // And the token's owner can still use it
        assertThat(mallory.post("/request", Map.of("identifier", "nobody")).status()).isEqualTo(200);
        // And neither the refusals nor the other public pages created a session
        assertThat(victim.get("/reset/Q2hhbmdlTWVJZllvdUNhbiBUaGlzSXNOb3RBVG9rZW4").status()).isEqualTo(410);
        assertThat(victim.get("/css/resetflow.css").status()).isEqualTo(200);
        assertThat(victim.get("/no-such-page").status()).isEqualTo(404);
        assertThat(sessionsCreated() - before).isZero();
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Sessions Tomcat has created since it started, in every web application it serves. */
    private long sessionsCreated() {
        return managers().stream().mapToLong(Manager::getSessionCounter).sum();
    }

    private long activeSessions() {
        return managers().stream().mapToLong(Manager::getActiveSessions).sum();
    }

    private List<Manager> managers() {
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();
        List<Manager> managers = new ArrayList<>();
        for (Container child : server.getTomcat().getHost().findChildren()) {
            managers.add(((Context) child).getManager());
        }
        assertThat(managers).isNotEmpty();
        return managers;
    }
}

package org.resetflow.language;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.PasswordResetProcess;
import org.resetflow.TestSmtp;
import org.resetflow.WebSession;
import org.resetflow.demo.DemoDirectory;
import org.resetflow.demo.DemoMailbox;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * English and German, chosen as a visitor would: the browser's {@code Accept-Language}, or the switch on the page
 * (a plain link; the choice is kept in a cookie, not a session). The mails follow the account's SCIM language, else
 * the language of the page the reset was asked for on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"camunda.bpm.job-execution.enabled=false",
                "resetflow.public-base-url=" + PageAndMailLanguageTest.PUBLIC_BASE})
class PageAndMailLanguageTest {

    static final String PUBLIC_BASE = "http://reset.example.test";

    @LocalServerPort
    int port;

    @Autowired
    DemoMailbox mailbox;

    @Autowired
    DemoDirectory directory;

    @Autowired
    ManagementService managementService;

    @Autowired
    HistoryService historyService;

    @Autowired
    ResetStarter resetStarter;

    @BeforeEach
    void cleanSlate() {
        mailbox.purge();
        directory.reset();
    }

    @Test
    void shouldSpeakTheBrowsersLanguage() {
        // Given a browser that prefers Swiss German, then English
        WebSession german = session().withHeader("Accept-Language", "de-CH,de;q=0.9,en;q=0.8");
        // ... and one that prefers French, which ResetFlow does not speak, then German
        WebSession frenchThenGerman = session().withHeader("Accept-Language", "fr-FR,fr;q=0.9,de;q=0.5");
        // ... and one that only speaks French
        WebSession french = session().withHeader("Accept-Language", "fr");

        // Then each gets the best language ResetFlow has, with the page's lang attribute to match
        WebSession.Page page = german.get("/");
        assertThat(page.title()).isEqualTo("Passwort vergessen?");
        assertThat(page.document().select("html").attr("lang")).isEqualTo("de");
        assertThat(page.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("resetflow-lang"));
        assertThat(frenchThenGerman.get("/").title()).isEqualTo("Passwort vergessen?");
        WebSession.Page fallback = french.get("/");
        assertThat(fallback.title()).isEqualTo("Forgot your password?");
        assertThat(fallback.document().select("html").attr("lang")).isEqualTo("en");
    }

    @Test
    void shouldSwitchLanguageWithAPlainLinkAndKeepTheChoice() {
        // Given an English browser on the start page, which offers both languages as links
        WebSession browser = session().withHeader("Accept-Language", "en-GB");
        WebSession.Page start = browser.get("/");
        assertThat(start.document().select("nav.languages a").eachAttr("href"))
                .containsExactly("/?lang=en", "/?lang=de");
        assertThat(start.document().select("nav.languages a[aria-current]").text()).isEqualTo("English");

        // When the visitor follows "Deutsch"
        WebSession.Page switched = browser.get("/?lang=de");

        // Then the page is German, and the choice is kept in a cookie (no session), also across pages
        assertThat(switched.title()).isEqualTo("Passwort vergessen?");
        assertThat(switched.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.contains("JSESSIONID"))
                .filteredOn(cookie -> cookie.startsWith("resetflow-lang=")).singleElement()
                .satisfies(cookie -> assertThat(cookie).startsWith("resetflow-lang=de;").contains("HttpOnly")
                        .contains("SameSite=Lax"));
        assertThat(browser.get("/").title()).isEqualTo("Passwort vergessen?");
        assertThat(browser.get("/no-such-page").title()).isEqualTo("Seite nicht gefunden");
        // (a language it does not speak changes nothing)
        assertThat(browser.get("/?lang=fr").title()).isEqualTo("Passwort vergessen?");
        assertThat(browser.get("/?lang=en").title()).isEqualTo("Forgot your password?");
    }

    @Test
    void shouldMailInTheLanguageOfTheRequestPage() throws Exception {
        // Given alice asks for a reset on the German page (her account names no language)
        WebSession browser = session().withHeader("Accept-Language", "de");
        browser.get("/");
        assertThat(browser.post("/request", Map.of("identifier", "alice")).title())
                .isEqualTo("Sehen Sie in Ihr Postfach");

        // When the reset runs
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);

        // Then her mail is German, and the request's language travelled with the reset as a plain variable
        MimeMessage mail = TestSmtp.awaitMessages(mailbox, 1)[0];
        assertThat(mail.getSubject()).isEqualTo("Passwort zurücksetzen");
        assertThat(TestSmtp.text(mail)).contains("Der Link gilt, bis Ihr neues Passwort gesetzt ist.");
        assertThat(historyService.createHistoricVariableInstanceQuery()
                .variableName(PasswordResetProcess.VAR_REQUEST_LANGUAGE).singleResult().getValue()).isEqualTo("de");

        // ... and her link opens a German form whose switch stays on that link's page
        String token = TestSmtp.resetToken(mail, PUBLIC_BASE);
        WebSession.Page form = browser.get("/reset/" + token);
        assertThat(form.title()).isEqualTo("Neues Passwort wählen");
        assertThat(form.document().select("nav.languages a").eachAttr("href"))
                .containsExactly("/reset/" + token + "?lang=en", "/reset/" + token + "?lang=de");
        // (its only scripts are ResetFlow's own files, each pinned by the hash of exactly what the server sends)
        assertThat(form.document().select("script")).hasSize(2).allSatisfy(script -> {
            assertThat(script.attr("src")).startsWith("/js/");
            assertThat(script.attr("integrity")).isEqualTo(sha384(served(script.attr("src"))));
        });
        WebSession.Page refused = browser.post("/reset",
                Map.of("token", token, "password", "password1", "confirmPassword", "password1"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.document().select("#password-error").text())
                .contains("Das Passwort ist zu leicht zu erraten.");
        assertThat(refused.document().select("nav.languages a").first().attr("href"))
                .isEqualTo("/reset/" + token + "?lang=en");

        // ... and the confirmation is German too
        browser.post("/reset", Map.of("token", token, "password", "Quartz-Meadow-Lantern-64",
                "confirmPassword", "Quartz-Meadow-Lantern-64"));
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);
        assertThat(TestSmtp.awaitMessages(mailbox, 2)[1].getSubject()).isEqualTo("Ihr Passwort wurde geändert");
    }

    @Test
    void shouldMailInTheAccountsOwnLanguageAndTimeZone() throws Exception {
        // Given the directory says bob prefers German and lives in Vienna
        HttpResponse<String> patched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + DemoDirectory.SCIM_BASE_PATH + "/Users/"
                                + directory.idOf("bob").orElseThrow()))
                .header("Content-Type", "application/scim+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("""
                        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations": [{"op": "add", "value": {"preferredLanguage": "de-AT, en;q=0.5",
                                         "timezone": "Europe/Vienna"}}]}
                        """)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(patched.statusCode()).as(patched.body()).isIn(200, 204);

        // When he asks on the English page
        WebSession browser = session().withHeader("Accept-Language", "en");
        browser.get("/");
        browser.post("/request", Map.of("identifier", "bob"));
        EngineJobs.startQueuedAndRunJobs(managementService, resetStarter);

        // Then the mail is German, with the expiry in Vienna's time, the zone named
        MimeMessage mail = TestSmtp.awaitMessages(mailbox, 1)[0];
        assertThat(mail.getSubject()).isEqualTo("Passwort zurücksetzen");
        assertThat(TestSmtp.text(mail)).containsPattern("Er läuft in \\d+ Minuten ab, am .+ \\(Mitteleuropäische "
                + "(Normal|Sommer)zeit\\)");
    }

    private byte[] served(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha384(byte[] bytes) {
        try {
            return "sha384-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-384").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private WebSession session() {
        return new WebSession("http://127.0.0.1:" + port);
    }
}

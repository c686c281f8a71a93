package org.resetflow.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "resetflow.demo.smtp-port=0", "camunda.bpm.job-execution.enabled=false" })
class DemoModeIntegrationTest {

    private static final String SCIM = DemoDirectory.SCIM_BASE_PATH;

    private static final String PATCH_PASSWORD = """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [{"op": "replace", "path": "password", "value": "Fresh-Passw0rd!"}]}
            """;

    private final ObjectMapper scimMapper = JsonUtils.createObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    private int port;

    @Autowired
    private DemoDirectory directory;

    @Autowired
    private DemoMailbox mailbox;

    @Autowired
    private JavaMailSender mailSender;

    @Autowired
    private DemoOutages outages;

    @BeforeEach
    void resetDemoState() {
        this.directory.reset();
        this.mailbox.purge();
    }

    @Test
    void shouldSearchUsersByUserNameOverHttp() throws Exception {
        // Given the seeded demo directory

        // When searching for alice over SCIM
        HttpResponse<String> response = get(SCIM + "/Users?filter=" + encode("userName eq \"alice\""));

        // Then one SCIM ListResponse with alice comes back, without any password
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/scim+json"));
        JsonNode body = this.scimMapper.readTree(response.body());
        assertThat(body.path("schemas").get(0).asText())
            .isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(body.path("totalResults").asInt()).isEqualTo(1);
        JsonNode alice = body.path("Resources").get(0);
        assertThat(alice.path("id").asText()).isEqualTo(this.directory.idOf("alice").orElseThrow());
        assertThat(alice.path("meta").path("location").asText())
            .isEqualTo(url(SCIM + "/Users/" + alice.path("id").asText()));
        assertThat(response.body()).doesNotContainIgnoringCase("password");
    }

    @Test
    void shouldFindBothUsersSharingAnAddressOverHttp() throws Exception {
        // Given dave and erin share an address

        // When searching by it
        HttpResponse<String> response = get(
                SCIM + "/Users?filter=" + encode("emails.value eq \"shared@example.org\""));

        // Then both are found
        JsonNode body = this.scimMapper.readTree(response.body());
        assertThat(body.path("totalResults").asInt()).isEqualTo(2);
    }

    @Test
    void shouldSetPasswordWithPatchOverHttp() throws Exception {
        // Given bob's id
        String bob = this.directory.idOf("bob").orElseThrow();

        // When patching his password over SCIM
        HttpResponse<String> response = send("PATCH", SCIM + "/Users/" + bob, "application/scim+json",
                PATCH_PASSWORD);

        // Then the directory answers 204 and holds the new password, which reading bob does not reveal
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(this.directory.passwordMatches(bob, "Fresh-Passw0rd!")).isTrue();
        assertThat(this.directory.passwordChangedAt(bob)).isPresent();
        assertThat(this.directory.passwordWrites()).isEqualTo(1);
        HttpResponse<String> read = get(SCIM + "/Users/" + bob);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).doesNotContainIgnoringCase("password").doesNotContain("Fresh-Passw0rd!");
    }

    @Test
    void shouldAcceptPlainJsonAndAnswerInKind() throws Exception {
        // Given a client that speaks application/json only
        String alice = this.directory.idOf("alice").orElseThrow();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(SCIM + "/Users/" + alice)))
            .header("Accept", "application/json")
            .GET()
            .build();

        // When it patches and reads
        HttpResponse<String> patched = send("PATCH", SCIM + "/Users/" + alice, "application/json", PATCH_PASSWORD);
        HttpResponse<String> read = this.http.send(request, HttpResponse.BodyHandlers.ofString());

        // Then both work and the answer is labelled application/json
        assertThat(patched.statusCode()).isEqualTo(204);
        assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void shouldReplaceUserWithPutOverHttp() throws Exception {
        // Given carol's resource, activated and with a password
        String carol = this.directory.idOf("carol").orElseThrow();
        ObjectNode resource = (ObjectNode) this.scimMapper.readTree(get(SCIM + "/Users/" + carol).body());
        resource.put("active", true);
        resource.put("password", "Put-Passw0rd!");

        // When putting it back
        HttpResponse<String> response = send("PUT", SCIM + "/Users/" + carol, "application/scim+json",
                this.scimMapper.writeValueAsString(resource));

        // Then the replaced resource comes back without the password, which the directory now holds
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = this.scimMapper.readTree(response.body());
        assertThat(body.path("active").asBoolean()).isTrue();
        assertThat(response.body()).doesNotContainIgnoringCase("password");
        assertThat(this.directory.passwordMatches(carol, "Put-Passw0rd!")).isTrue();
    }

    @Test
    void shouldAnswerInvalidFilterWithScimError() throws Exception {
        // Given a filter with a broken comparison value

        // When searching with it
        HttpResponse<String> response = get(SCIM + "/Users?filter=" + encode("userName eq alice"));

        // Then a SCIM error with status "400" and scimType invalidFilter comes back, not a server error
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/scim+json"));
        JsonNode error = this.scimMapper.readTree(response.body());
        assertThat(error.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.path("status").isTextual()).isTrue();
        assertThat(error.path("status").asText()).isEqualTo("400");
        assertThat(error.path("scimType").asText()).isEqualTo("invalidFilter");
        assertThat(error.path("detail").asText()).isNotBlank();
    }

    @Test
    void shouldAnswerUnknownUserWithScimNotFound() throws Exception {
        // Given an id the directory does not know
        String path = SCIM + "/Users/no-such-user";

        // When reading and patching it
        HttpResponse<String> read = get(path);
        HttpResponse<String> patched = send("PATCH", path, "application/scim+json", PATCH_PASSWORD);

        // Then both answer a SCIM 404
        for (HttpResponse<String> response : java.util.List.of(read, patched)) {
            assertThat(response.statusCode()).isEqualTo(404);
            JsonNode error = this.scimMapper.readTree(response.body());
            assertThat(error.path("status").asText()).isEqualTo("404");
            assertThat(error.path("detail").asText()).contains("no-such-user");
        }
        assertThat(this.directory.passwordWrites()).isZero();
    }

    @Test
    void shouldAnswerBadRequestsWithScimErrors() throws Exception {
        // Given an existing user
        String alice = this.directory.idOf("alice").orElseThrow();

        // When sending malformed JSON, a PatchOp without its schema, a wrong media type and an unsupported method
        HttpResponse<String> malformed = send("PATCH", SCIM + "/Users/" + alice, "application/scim+json", "{");
        HttpResponse<String> noSchema = send("PATCH", SCIM + "/Users/" + alice, "application/scim+json",
                "{\"Operations\": [{\"op\": \"replace\", \"path\": \"password\", \"value\": \"x\"}]}");
        HttpResponse<String> wrongType = send("PATCH", SCIM + "/Users/" + alice, "text/plain", PATCH_PASSWORD);
        HttpResponse<String> delete = send("DELETE", SCIM + "/Users/" + alice, null, null);

        // Then each gets a SCIM error with a fitting status, and nothing was written
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(this.scimMapper.readTree(malformed.body()).path("scimType").asText()).isEqualTo("invalidSyntax");
        assertThat(noSchema.statusCode()).isEqualTo(400);
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(this.scimMapper.readTree(wrongType.body()).path("status").asText()).isEqualTo("415");
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(this.directory.passwordWrites()).isZero();
    }

    @Test
    void shouldAdvertisePatchAndChangePasswordButNoBulk() throws Exception {
        // Given the demo directory

        // When reading its ServiceProviderConfig
        HttpResponse<String> response = get(SCIM + "/ServiceProviderConfig");

        // Then PATCH and password changes are supported, bulk is not
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode config = this.scimMapper.readTree(response.body());
        assertThat(config.path("patch").path("supported").asBoolean()).isTrue();
        assertThat(config.path("changePassword").path("supported").asBoolean()).isTrue();
        assertThat(config.path("bulk").path("supported").asBoolean()).isFalse();
        assertThat(config.path("filter").path("supported").asBoolean()).isTrue();
    }

    @Test
    void shouldShowDirectoryPageWithoutPasswords() throws Exception {
        // Given alice with a freshly set password
        String alice = this.directory.idOf("alice").orElseThrow();
        send("PATCH", SCIM + "/Users/" + alice, "application/scim+json", PATCH_PASSWORD);

        // When opening the directory page
        HttpResponse<String> response = get("/demo/directory");

        // Then every user is listed, alice with a change time, bob with "never", and no password anywhere
        assertThat(response.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(response.body());
        assertThat(page.select("link[rel=stylesheet]").attr("href")).isEqualTo("/css/resetflow.css");
        assertThat(page.select("tbody tr")).hasSize(5);
        Element aliceRow = row(page, "alice");
        assertThat(aliceRow.select("td").get(1).text()).isEqualTo("alice@example.org");
        assertThat(aliceRow.select("time").attr("datetime")).isNotBlank();
        assertThat(row(page, "bob").select("td").get(3).text()).isEqualTo("never");
        assertThat(row(page, "carol").select("td").get(2).text()).isEqualTo("no");
        assertThat(row(page, "dave").select("td").get(1).text()).isEqualTo("shared@example.org");
        assertThat(response.body()).doesNotContain("Fresh-Passw0rd!").doesNotContain("PBKDF2");
        assertThat(page.select("script")).isEmpty();
    }

    @Test
    void shouldShowSentMailWithClickableLinkNewestFirst() throws Exception {
        // Given two mails sent through the application's JavaMailSender, the second with a reset link
        String link = url("/reset?token=abc123&lang=en");
        this.mailSender.send(mail("carol@example.org", "First", "Nothing to click."));
        this.mailSender.send(mail("alice@example.org", "Reset your password", "Hi Alice,\nopen " + link + ".\nBye"));
        await().atMost(Duration.ofSeconds(5)).until(() -> this.mailbox.messages().size() == 2);

        // When opening the inbox
        HttpResponse<String> response = get("/demo/inbox");

        // Then the newest mail comes first, and its link is an anchor with the exact URL
        assertThat(response.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(response.body());
        assertThat(page.select("article h2").eachText()).containsExactly("Reset your password", "First");
        Element newest = page.selectFirst("article");
        assertThat(newest.select("dd").first().text()).isEqualTo("alice@example.org");
        assertThat(newest.select("time").attr("datetime")).isNotBlank();
        assertThat(newest.select("pre a[href]")).hasSize(1);
        assertThat(newest.select("pre a").attr("href")).isEqualTo(link);
        assertThat(newest.select("pre a").text()).isEqualTo(link);
        assertThat(newest.select("pre").text()).contains("Hi Alice,").endsWith("Bye");
    }

    @Test
    void shouldShowMarkupInMailEscaped() throws Exception {
        // Given a mail whose subject and body try to inject markup
        String hostile = "<script>alert('pwned')</script><img src=x onerror=alert(1)> https://x.example/\"><b>";
        this.mailSender.send(mail("bob@example.org", "<b>Bold</b> subject", hostile));
        await().atMost(Duration.ofSeconds(5)).until(() -> this.mailbox.messages().size() == 1);

        // When opening the inbox
        HttpResponse<String> response = get("/demo/inbox");

        // Then the markup is shown as text and no element came from the mail
        Document page = Jsoup.parse(response.body());
        assertThat(response.body()).contains("&lt;script&gt;").doesNotContain("<script>");
        assertThat(page.select("script, img, b, pre a[onerror]")).isEmpty();
        assertThat(page.select("pre").text()).contains("<script>alert('pwned')</script>");
        assertThat(page.select("article h2").text()).isEqualTo("<b>Bold</b> subject");
        assertThat(page.select("pre a").attr("href")).isEqualTo("https://x.example/");
    }

    @Test
    void shouldShowHtmlPartInSandboxedFrame() throws Exception {
        // Given a multipart mail whose HTML part carries a script
        MimeMessage message = this.mailSender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
        helper.setFrom("noreply@resetflow.example");
        helper.setTo("alice@example.org");
        helper.setSubject("Rich mail");
        helper.setText("Plain version", "<p>Rich <script>alert(1)</script></p>");
        this.mailSender.send(message);
        await().atMost(Duration.ofSeconds(5)).until(() -> this.mailbox.messages().size() == 1);

        // When opening the inbox and then the HTML view
        Document inbox = Jsoup.parse(get("/demo/inbox").body());
        HttpResponse<String> response = get("/demo/inbox/0/html");

        // Then the inbox links to the HTML view, whose sandboxed frame loads the mail from its own address: no
        // scripts, forms or pop-ups there, only a clicked link may replace the page
        assertThat(inbox.select("article a[href]").attr("href")).isEqualTo("/demo/inbox/0/html");
        assertThat(response.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(response.body());
        Element frame = page.selectFirst("iframe");
        assertThat(frame).isNotNull();
        assertThat(frame.attr("sandbox")).isEqualTo("allow-top-navigation-by-user-activation");
        assertThat(frame.attr("src")).isEqualTo("/demo/inbox/0/mail");
        assertThat(page.select("script")).isEmpty();
        assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-src 'self'")
            .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(get("/demo/inbox/1/html").statusCode()).isEqualTo(404);

        // And the mail itself is served as it is, its links aimed at the top, under a policy without any script
        HttpResponse<String> mail = get("/demo/inbox/0/mail");
        assertThat(mail.statusCode()).isEqualTo(200);
        assertThat(mail.body()).isEqualTo("<base target=\"_top\"><p>Rich <script>alert(1)</script></p>");
        String policy = mail.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'none'", "style-src 'unsafe-inline'", "frame-ancestors 'self'",
                "sandbox allow-top-navigation-by-user-activation").doesNotContain("script-src");
        assertThat(mail.headers().firstValue("X-Frame-Options")).contains("SAMEORIGIN");
        assertThat(get("/demo/inbox/1/mail").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer503FromTheDirectoryOnlyWhileItsOutageIsSwitchedOn() throws Exception {
        // Given the directory's outage switched on (the page's switch is tested in a browser: DemoOutageTest)
        this.outages.switchDirectory(true);
        try {
            // When ResetFlow asks the directory / Then it answers 503 with a SCIM error
            HttpResponse<String> down = get(SCIM + "/Users?filter=userName%20eq%20%22alice%22");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("urn:ietf:params:scim:api:messages:2.0:Error", "\"status\":\"503\"");
        }
        finally {
            this.outages.switchDirectory(false);
        }

        // And switched off, it answers again
        assertThat(get(SCIM + "/Users?filter=userName%20eq%20%22alice%22").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAnOutageSwitchWithoutTheFormsToken() throws Exception {
        // When someone posts the switch without the page's CSRF token
        HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url("/demo/directory/outage")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("service=DIRECTORY&down=true"))
            .build(), HttpResponse.BodyHandlers.ofString());

        // Then it is refused and the directory stays up
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(this.outages.directoryDown()).isFalse();
    }

    private static Element row(Document page, String userName) {
        return page.select("tbody tr")
            .stream()
            .filter((row) -> row.select("td").first().text().equals(userName))
            .findFirst()
            .orElseThrow();
    }

    private static SimpleMailMessage mail(String to, String subject, String text) {
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom("noreply@resetflow.example");
        mail.setTo(to);
        mail.setSubject(subject);
        mail.setText(text);
        return mail;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
                : HttpRequest.BodyPublishers.noBody());
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String url(String path) {
        return "http://localhost:" + this.port + path;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}

package org.resetflow.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the SCIMMY fixture behaves like the real directories ResetFlow talks to, so end-to-end tests built on it can
 * be trusted. One server serves the whole class; each test works on its own seeded user so that order doesn't matter.
 */
class ScimmyServerTest {

    private static final String TOKEN = "test-token-7f3a";
    private static final String SCIM_JSON = "application/scim+json";
    private static final String SEED = """
            [
              {"id": "u-alice", "userName": "alice", "active": true, "password": "Seeded-Secret-1",
               "emails": [{"value": "alice@example.org", "type": "work", "primary": true}],
               "name": {"givenName": "Alice", "familyName": "Liddell"}},
              {"id": "u-bob", "userName": "bob", "active": true,
               "emails": [{"value": "bob@example.org", "type": "work", "primary": true}],
               "name": {"givenName": "Bob", "familyName": "Builder"}},
              {"id": "u-carol", "userName": "carol", "active": true,
               "emails": [{"value": "carol@example.org", "type": "work", "primary": true}],
               "name": {"givenName": "Carol", "familyName": "Danvers"}}
            ]
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ScimmyServer server;

    // Started from @BeforeEach rather than @BeforeAll: Surefire reports a class-level abort (no Node.js) as
    // "Tests run: 0", whereas per-test aborts show up as skipped tests.
    @BeforeEach
    void startServerOnce() {
        if (server == null) {
            server = ScimmyServer.start(TOKEN, SEED);
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Test
    void shouldFindSeededUserByUserNameFilterWithoutReturningPassword() throws Exception {
        // Given alice is seeded with a password

        // When searching by userName
        HttpResponse<String> response = send(get("/Users?filter=" + encode("userName eq \"alice\"")));

        // Then exactly alice comes back, as a SCIM ListResponse, and her password stays inside the directory
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith(SCIM_JSON));
        JsonNode list = JSON.readTree(response.body());
        assertThat(list.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(list.path("totalResults").asInt()).isEqualTo(1);
        JsonNode alice = list.path("Resources").get(0);
        assertThat(alice.path("id").asText()).isEqualTo("u-alice");
        assertThat(alice.path("userName").asText()).isEqualTo("alice");
        assertThat(alice.path("name").path("givenName").asText()).isEqualTo("Alice");
        assertThat(response.body()).doesNotContainIgnoringCase("password").doesNotContain("Seeded-Secret-1");
        assertThat(server.passwordOf("u-alice")).contains("Seeded-Secret-1");
    }

    @Test
    void shouldFindSeededUserByEmailValueFilter() throws Exception {
        // Given bob is seeded with a work email

        // When searching by emails.value
        HttpResponse<String> response = send(get("/Users?filter=" + encode("emails.value eq \"bob@example.org\"")));

        // Then only bob matches
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = JSON.readTree(response.body());
        assertThat(list.path("totalResults").asInt()).isEqualTo(1);
        assertThat(list.path("Resources").get(0).path("id").asText()).isEqualTo("u-bob");
        assertThat(list.path("Resources").get(0).path("emails").get(0).path("value").asText())
                .isEqualTo("bob@example.org");
        assertThat(response.body()).doesNotContainIgnoringCase("password");
    }

    @Test
    void shouldStorePasswordReplacedThroughPatchOp() throws Exception {
        // Given bob has no password in the directory yet
        assertThat(server.passwordOf("u-bob")).isEmpty();

        // When a PatchOp replaces his password
        HttpResponse<String> response = send(patchPassword("u-bob", "Fresh-Secret-2"));

        // Then the directory accepts it, keeps it, and still never returns it
        assertThat(response.statusCode()).isIn(200, 204);
        assertThat(server.passwordOf("u-bob")).contains("Fresh-Secret-2");
        HttpResponse<String> bob = send(get("/Users/u-bob"));
        assertThat(bob.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(bob.body()).path("userName").asText()).isEqualTo("bob");
        assertThat(bob.body()).doesNotContainIgnoringCase("password").doesNotContain("Fresh-Secret-2");
    }

    @Test
    void shouldAdvertisePasswordChangeAndPatchSupport() throws Exception {
        // Given a client discovering the directory's capabilities

        // When it reads the service provider configuration
        HttpResponse<String> response = send(get("/ServiceProviderConfig"));

        // Then password changes and PATCH are both announced as supported
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode config = JSON.readTree(response.body());
        assertThat(config.path("changePassword").path("supported").asBoolean()).isTrue();
        assertThat(config.path("patch").path("supported").asBoolean()).isTrue();
    }

    @Test
    void shouldRejectFilterWithEscapedQuoteAsInvalidFilter() throws Exception {
        // Given a userName crafted to break out of the filter string
        String injected = "userName eq \"x\\\" or userName pr\"";

        // When it is sent as a filter
        HttpResponse<String> response = send(get("/Users?filter=" + encode(injected)));

        // Then SCIMMY's parser refuses it instead of matching every user
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.path("scimType").asText()).isEqualTo("invalidFilter");
    }

    @Test
    void shouldRejectWrongBearerTokenWithScim401() throws Exception {
        // Given a client holding the wrong token
        HttpRequest request = HttpRequest.newBuilder(scim("/Users"))
                .header("Authorization", "Bearer not-" + TOKEN)
                .GET()
                .build();

        // When it lists users
        HttpResponse<String> response = send(request);

        // Then it gets a SCIM error, not data
        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.path("status").asText()).isEqualTo("401");
        assertThat(response.body()).doesNotContain("u-alice");
    }

    @Test
    void shouldFailOnlyTheNextWriteDuringInjectedOutage() throws Exception {
        // Given the directory will answer the next write with 503
        server.failNextWrites(503, 1);

        // When reading, then writing twice
        HttpResponse<String> read = send(get("/Users/u-carol"));
        HttpResponse<String> firstWrite = send(patchPassword("u-carol", "Lost-Secret-3"));
        HttpResponse<String> secondWrite = send(patchPassword("u-carol", "Kept-Secret-4"));

        // Then reads are unaffected, the first write fails with a SCIM error and changes nothing, the retry succeeds
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(firstWrite.statusCode()).isEqualTo(503);
        JsonNode error = JSON.readTree(firstWrite.body());
        assertThat(error.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.path("status").asText()).isEqualTo("503");
        assertThat(secondWrite.statusCode()).isIn(200, 204);
        assertThat(server.passwordOf("u-carol")).contains("Kept-Secret-4");
    }

    @Test
    void shouldRecordScimRequestsWithoutBodies() throws Exception {
        // Given a marker filter no other test sends
        String filter = "userName eq \"recorded-" + System.nanoTime() + "\"";

        // When it is searched for
        send(get("/Users?filter=" + encode(filter)));

        // Then the request log holds method, path and decoded query, and nothing else
        assertThat(server.requests()).contains(Map.of(
                "method", "GET", "path", "/scim/v2/Users", "query", Map.of("filter", filter)));
        assertThat(server.requests()).allSatisfy(request -> assertThat(request).containsOnlyKeys("method", "path", "query"));
    }

    @Test
    void shouldStopServingWhenClosed() throws Exception {
        // Given a second, independent server
        ScimmyServer other = ScimmyServer.start(TOKEN, null);
        URI users = URI.create(other.baseUrl() + "/Users");
        assertThat(send(authorized(users).GET().build()).statusCode()).isEqualTo(200);

        // When it is closed
        other.close();

        // Then its port no longer answers
        assertThatThrownBy(() -> send(authorized(users).GET().build())).isInstanceOf(ConnectException.class);
    }

    private static HttpRequest get(String path) {
        return authorized(scim(path)).GET().build();
    }

    private static HttpRequest patchPassword(String userId, String password) throws IOException {
        String body = JSON.writeValueAsString(Map.of(
                "schemas", new String[] {"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
                "Operations", new Object[] {Map.of("op", "replace", "path", "password", "value", password)}));
        return authorized(scim("/Users/" + userId))
                .header("Content-Type", SCIM_JSON)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", SCIM_JSON);
    }

    private static URI scim(String path) {
        return URI.create(server.baseUrl() + path);
    }

    private static String encode(String value) {
        // Strict RFC 3986 form; relying on "+" meaning space would hide a client bug
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

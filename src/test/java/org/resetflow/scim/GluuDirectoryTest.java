package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.DirectoryConfigurationException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.resetflow.scim.StubDirectory.Reply;

/**
 * Gluu / Janssen as seed 000 documents it: {@code PUT /identity/restv1/scim/v2/Users/INUM_OF_USER} with
 * {@code Accept} and {@code Content-Type: application/scim+json}, {@code Authorization: Bearer TOKEN} and the core
 * User schema with {@code password}; answered {@code 200 OK} with the user's id.
 */
class GluuDirectoryTest {

    private static final String BASE = "/identity/restv1/scim/v2";
    private static final String INUM = "@!1111!0000!D4E7";
    private static final String PASSWORD = "Amber-Lantern-Rises-71";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StubDirectory server = new StubDirectory();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldPutThePasswordExactlyAsTheGluuGuideDocuments() throws Exception {
        // Given Gluu in test mode with a static token, answering as the guide shows
        server.enqueue(Reply.scim(200, "{\"id\":\"" + INUM + "\"}").withHeader("Location", "https://gluu/Users/" + INUM));
        Directory gluu = new Dialects(server.root() + BASE, ScimProperties.Dialect.GLUU,
                Dialects.bearer("test-mode-token")).directory();

        // When the password is set
        gluu.setPassword(INUM, PASSWORD);

        // Then exactly the documented request went out
        StubDirectory.Request put = server.only();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo(BASE + "/Users/" + INUM);
        assertThat(put.header("Accept")).isEqualTo("application/scim+json");
        assertThat(put.header("Content-Type")).isEqualTo("application/scim+json");
        assertThat(put.header("Authorization")).isEqualTo("Bearer test-mode-token");
        assertThat(JSON.readTree(put.body())).isEqualTo(JSON.readTree(
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"password\":\"" + PASSWORD + "\"}"));
    }

    @Test
    void shouldLookUpByUserNameAndKeepTheInumAsAccountId() {
        // Given a Gluu user
        server.enqueue(Reply.scim(200, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,
                 "Resources":[{"id":"@!1111!0000!D4E7","userName":"alice","displayName":"Alice Adams","active":true,
                   "emails":[{"value":"alice@example.org","primary":true}]}]}"""));
        Directory gluu = new Dialects(server.root() + BASE, ScimProperties.Dialect.GLUU,
                Dialects.bearer("t")).directory();

        // When alice is looked up
        List<DirectoryAccount> found = gluu.findByUserName("alice");

        // Then the filter search is standard SCIM and the inum is the id
        assertThat(found).containsExactly(
                new DirectoryAccount(INUM, "alice", "alice@example.org", "Alice Adams", true));
        StubDirectory.Request get = server.only();
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.path()).isEqualTo(BASE + "/Users");
        assertThat(get.query()).containsEntry("filter", "userName eq \"alice\"").containsEntry("count", "2");
        assertThat(get.header("Accept")).isEqualTo("application/scim+json");
    }

    @Test
    void shouldGetATokenByClientCredentialsAndCacheItUntilItExpires() throws Exception {
        // Given Gluu behind an OAuth 2.0 token endpoint issuing one-hour tokens
        AtomicInteger issued = new AtomicInteger();
        server.route(request -> request.path().equals("/jans-auth/restv1/token")
                ? Reply.json(200, "{\"access_token\":\"at-" + issued.incrementAndGet()
                        + "\",\"token_type\":\"bearer\",\"expires_in\":3600}")
                : Reply.scim(200, "{\"id\":\"" + INUM + "\"}"));
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
        Directory gluu = new Dialects(server.root() + BASE, ScimProperties.Dialect.GLUU,
                Dialects.clientCredentials(server.root() + "/jans-auth/restv1/token", "rf-client", "s3cr3t:x",
                        List.of("https://jans.io/scim/users.read", "https://jans.io/scim/users.write")),
                clock).directory();

        // When two passwords are set within the token's lifetime, and one after it
        gluu.setPassword(INUM, PASSWORD);
        gluu.setPassword(INUM, PASSWORD);
        clock.advance(Duration.ofMinutes(60));
        gluu.setPassword(INUM, PASSWORD);

        // Then one token served the first two writes, a fresh one the third
        List<StubDirectory.Request> requests = server.requests();
        assertThat(requests).extracting(StubDirectory.Request::path).containsExactly(
                "/jans-auth/restv1/token", BASE + "/Users/" + INUM, BASE + "/Users/" + INUM,
                "/jans-auth/restv1/token", BASE + "/Users/" + INUM);
        StubDirectory.Request token = requests.get(0);
        assertThat(token.method()).isEqualTo("POST");
        assertThat(token.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(token.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("rf-client:s3cr3t%3Ax".getBytes()));
        assertThat(token.body()).isEqualTo("grant_type=client_credentials&scope="
                + "https%3A%2F%2Fjans.io%2Fscim%2Fusers.read+https%3A%2F%2Fjans.io%2Fscim%2Fusers.write");
        assertThat(requests.get(1).header("Authorization")).isEqualTo("Bearer at-1");
        assertThat(requests.get(2).header("Authorization")).isEqualTo("Bearer at-1");
        assertThat(requests.get(4).header("Authorization")).isEqualTo("Bearer at-2");
    }

    @Test
    void shouldRenewARevokedTokenOnceThenReportAConfigurationFault() {
        // Given a token endpoint that issues tokens the directory does not accept
        server.route(request -> request.path().endsWith("/token")
                ? Reply.json(200, "{\"access_token\":\"revoked\",\"expires_in\":3600}")
                : Reply.scim(401, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"401\"}"));
        Directory gluu = new Dialects(server.root() + BASE, ScimProperties.Dialect.GLUU,
                Dialects.clientCredentials(server.root() + "/token", "rf-client", "top-secret", List.of())).directory();

        // When a password is set
        assertThatThrownBy(() -> gluu.setPassword(INUM, PASSWORD))
                // Then after one renewal it is a configuration fault that names no secret
                .isInstanceOf(DirectoryConfigurationException.class)
                .hasMessageContaining("127.0.0.1").hasMessageContaining("HTTP 401")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("top-secret", "revoked", PASSWORD));
        assertThat(server.requests()).extracting(StubDirectory.Request::path)
                .containsExactly("/token", BASE + "/Users/" + INUM, "/token", BASE + "/Users/" + INUM);
    }

    @Test
    void shouldReportARefusedClientAsAConfigurationFault() {
        // Given a token endpoint that does not know the client
        server.enqueue(Reply.json(401, "{\"error\":\"invalid_client\"}"));
        Directory gluu = new Dialects(server.root() + BASE, ScimProperties.Dialect.GLUU,
                Dialects.clientCredentials(server.root() + "/token", "rf-client", "top-secret", List.of())).directory();

        // When a password is set, then the fault names the endpoint and the OAuth error, never the secret
        assertThatThrownBy(() -> gluu.setPassword(INUM, PASSWORD))
                .isInstanceOf(DirectoryConfigurationException.class)
                .hasMessageContaining("invalid_client")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("top-secret"));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void shouldRefuseToStartWithClientCredentialsButNoSecret() {
        assertThatThrownBy(() -> new Dialects(server.root() + BASE, ScimProperties.Dialect.GLUU,
                Dialects.clientCredentials(server.root() + "/token", "rf-client", "", List.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("resetflow.scim.auth.type=client-credentials needs resetflow.scim.auth.client-secret");
    }

    /** A clock the test moves by hand, so token expiry is tested without waiting. */
    static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }


    @Test
    void shouldDisableWithAPutOfActiveInTheCoreSchema() throws Exception {
        // Given Gluu accepts the change
        server.enqueue(Reply.scim(200, "{\"id\":\"" + INUM + "\"}"));
        Directory gluu = new Dialects(server.root() + BASE, ScimProperties.Dialect.GLUU,
                Dialects.bearer("test-mode-token")).directory();

        // When the account is disabled
        gluu.setActive(INUM, false);

        // Then one PUT carried the core schema and active false
        StubDirectory.Request put = server.only();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo(BASE + "/Users/" + INUM);
        assertThat(put.header("Content-Type")).isEqualTo("application/scim+json");
        assertThat(JSON.readTree(put.body())).isEqualTo(JSON.readTree(
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"active\":false}"));
    }
}

package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.DirectoryConfigurationException;
import org.resetflow.directory.AccountGoneException;
import org.resetflow.directory.NewAccount;
import org.resetflow.directory.UserNameTakenException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code rfc7644} and {@code auto} dialects against SCIMMY, a SCIM server we did not write. Skipped without
 * Node.js, except when {@code CI=true}.
 */
class Rfc7644ScimmyTest {

    private static final String TOKEN = "rfc7644-test-token";
    private static final String SEED = """
            [{"id":"u-alice","userName":"alice","displayName":"Alice Adams","active":true,
              "name":{"givenName":"Alice","familyName":"Adams"},
              "emails":[{"value":"alice@example.org","type":"work","primary":true}],"password":"Old-Secret-0"},
             {"id":"u-dora","userName":"dora","active":false,"emails":[{"value":"dora@example.org"}]}]""";

    private ScimmyServer server;

    @BeforeEach
    void start() {
        server = ScimmyServer.start(TOKEN, SEED);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Dialects dialects(ScimProperties.Dialect dialect) {
        return new Dialects(server.baseUrl(), dialect, Dialects.bearer(TOKEN));
    }

    @Test
    void shouldFindAccountsByUserNameAndByEmail() {
        // Given SCIMMY with alice (active) and dora (inactive)
        Directory rfc = dialects(ScimProperties.Dialect.RFC7644).directory();

        // When they are looked up, then SCIMMY's answers map to accounts
        DirectoryAccount alice = new DirectoryAccount("u-alice", "alice", "alice@example.org", "Alice Adams", true);
        assertThat(rfc.findByUserName("alice")).containsExactly(alice);
        assertThat(rfc.findByEmail("alice@example.org")).containsExactly(alice);
        assertThat(rfc.findByUserName("dora")).singleElement().extracting(DirectoryAccount::active).isEqualTo(false);
        assertThat(rfc.findByUserName("nobody")).isEmpty();
        assertThat(rfc.findByUserName("x\" or userName pr \"")).isEmpty();
    }

    @Test
    void shouldSetThePasswordWithAPatchOp() {
        // Given the rfc7644 dialect
        Directory rfc = dialects(ScimProperties.Dialect.RFC7644).directory();

        // When alice's password is set
        rfc.setPassword("u-alice", "New-Secret-1");

        // Then SCIMMY holds it, and one PATCH did it
        assertThat(server.passwordOf("u-alice")).contains("New-Secret-1");
        assertThat(server.requests()).containsExactly(
                Map.of("method", "PATCH", "path", "/scim/v2/Users/u-alice", "query", Map.of()));
    }

    @Test
    void shouldCreateAnActiveAccountWithOnePostAndRefuseATakenUserName() {
        // Given the rfc7644 dialect
        Directory rfc = dialects(ScimProperties.Dialect.RFC7644).directory();

        // When a new account is created
        String id = rfc.createUser(new NewAccount("erin", "erin@example.org", "Erin Evans"), "Unusable-Secret-9");

        // Then SCIMMY has it, active, with that password, findable like any other, after one POST
        assertThat(server.passwordOf(id)).contains("Unusable-Secret-9");
        assertThat(rfc.findByUserName("erin")).containsExactly(
                new DirectoryAccount(id, "erin", "erin@example.org", "Erin Evans", true));
        assertThat(server.requests()).first().isEqualTo(
                Map.of("method", "POST", "path", "/scim/v2/Users", "query", Map.of()));

        // When a second account asks for a user name SCIMMY already has (case-insensitively)
        // Then its 409 is the business outcome "taken", and no password is in the message
        assertThatThrownBy(() -> rfc.createUser(new NewAccount("Alice", "a2@example.org", null), "Unusable-Secret-8"))
                .isInstanceOf(UserNameTakenException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Unusable-Secret-8"));
    }

    @Test
    void shouldPickPatchWhenAutoReadsSCIMMYsServiceProviderConfig() {
        // Given the auto dialect
        Directory auto = dialects(ScimProperties.Dialect.AUTO).directory();

        // When alice's password is set
        auto.setPassword("u-alice", "New-Secret-2");

        // Then it read the config, then PATCHed
        assertThat(server.passwordOf("u-alice")).contains("New-Secret-2");
        assertThat(server.requests()).extracting(r -> r.get("method") + " " + r.get("path")).containsExactly(
                "GET /scim/v2/ServiceProviderConfig", "PATCH /scim/v2/Users/u-alice");
    }

    @Test
    void shouldPutTheWholeResourceSoNothingIsWipedWhenPatchIsNotUsed() {
        // Given an RFC 7644 client that may not PATCH (as auto decides for a directory without PATCH)
        Directory put = new Rfc7644Directory(dialects(ScimProperties.Dialect.RFC7644).http,
                () -> new ScimCapabilities(false, false, 0, true, false));

        // When alice's password is set
        put.setPassword("u-alice", "New-Secret-3");

        // Then she has the new password and keeps her name, address and state
        assertThat(server.passwordOf("u-alice")).contains("New-Secret-3");
        assertThat(put.readAccount("u-alice"))
                .isEqualTo(new DirectoryAccount("u-alice", "alice", "alice@example.org", "Alice Adams", true));
        assertThat(server.requests()).extracting(r -> r.get("method")).containsExactly("GET", "PUT", "GET");
    }

    @Test
    void shouldRetryAnOutageAndThenSucceed() {
        // Given SCIMMY answers the next two writes with 503
        server.failNextWrites(503, 2);
        Dialects setup = dialects(ScimProperties.Dialect.RFC7644);

        // When alice's password is set
        setup.directory().setPassword("u-alice", "New-Secret-4");

        // Then the third attempt set it, after two waits
        assertThat(server.passwordOf("u-alice")).contains("New-Secret-4");
        assertThat(setup.waits).hasSize(2);
    }

    @Test
    void shouldGiveUpAfterTheRetriesNamingTheStatus() {
        // Given SCIMMY is down for writes
        server.failNextWrites(503, 3);

        // When alice's password is set, then the failure names the status and no secret
        assertThatThrownBy(() -> dialects(ScimProperties.Dialect.RFC7644).directory()
                .setPassword("u-alice", "New-Secret-5"))
                .isExactlyInstanceOf(DirectoryException.class)
                .hasMessageContaining("HTTP 503")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("New-Secret-5", TOKEN));
        assertThat(server.passwordOf("u-alice")).contains("Old-Secret-0");
    }

    @Test
    void shouldReportAnUnknownAccountAsGone() {
        assertThatThrownBy(() -> dialects(ScimProperties.Dialect.RFC7644).directory()
                .setPassword("u-gone", "New-Secret-6"))
                .isInstanceOf(AccountGoneException.class);
    }

    @Test
    void shouldReportAWrongTokenAsAConfigurationFault() {
        Directory wrong = new Dialects(server.baseUrl(), ScimProperties.Dialect.RFC7644,
                Dialects.bearer("not-" + TOKEN)).directory();

        assertThatThrownBy(() -> wrong.findByUserName("alice"))
                .isInstanceOf(DirectoryConfigurationException.class)
                .hasMessageContaining("HTTP 401")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        assertThat(server.requests()).hasSize(1);
    }


    @Test
    void shouldDisableAndReEnableWithAPatchOfActive() {
        // Given the rfc7644 dialect and alice active in SCIMMY
        Directory rfc = dialects(ScimProperties.Dialect.RFC7644).directory();

        // When alice is disabled, then SCIMMY says so, through one PATCH
        rfc.setActive("u-alice", false);
        assertThat(rfc.readAccount("u-alice").active()).isFalse();
        assertThat(server.requests()).first().isEqualTo(
                Map.of("method", "PATCH", "path", "/scim/v2/Users/u-alice", "query", Map.of()));

        // When she is re-enabled, then she is active again, and her other attributes are untouched
        rfc.setActive("u-alice", true);
        DirectoryAccount alice = rfc.readAccount("u-alice");
        assertThat(alice.active()).isTrue();
        assertThat(alice.email()).isEqualTo("alice@example.org");
        assertThat(server.passwordOf("u-alice")).contains("Old-Secret-0");
    }

    @Test
    void shouldReportAnUnknownAccountAsGoneWhenDisabling() {
        // Given no such user in SCIMMY, when it is disabled, then the account is gone
        Directory rfc = dialects(ScimProperties.Dialect.RFC7644).directory();
        assertThatThrownBy(() -> rfc.setActive("u-nobody", false)).isInstanceOf(AccountGoneException.class);
    }
}

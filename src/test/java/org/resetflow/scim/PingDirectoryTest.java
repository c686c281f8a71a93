package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.PasswordRequirement;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.resetflow.scim.StubDirectory.Reply;

/**
 * Ping Identity Data Governance Broker as seed 004 documents it: the {@code account},
 * {@code passwordQualityRequirements} and {@code password} sub-resources of {@code /scim/v2/Users/{id}}, with
 * {@code Accept} and {@code Content-Type: application/scim+json} and a bearer token.
 */
class PingDirectoryTest {

    private static final String BASE = "/scim/v2";
    private static final String ID = "d4155857-c670-3712-ad85-ea96ee4fbe66";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The seed's answer, verbatim. */
    static final String SEED_REQUIREMENTS = """
            {
                "schemas": [
                    "urn:pingidentity:schemas:2.0:PasswordQualityRequirement"
                ],
                "meta": {
                    "resourceType": "Password Quality Requirements",
                    "location": "https://example.com/scim/v2/Users/d4155857-c670-3712-ad85-ea96ee4fbe66/passwordQualityRequirements"
                },
                "currentPasswordRequired": false,
                "passwordRequirements": [
                    {
                        "type": "length",
                        "description": "The password must contain at least 6 characters.",
                        "minPasswordLength": "6"
                    },
                    {
                        "type": "notCurrentPassword",
                        "description": "The new password must not be the same as the current password."
                    }
                ]
            }""";

    private final StubDirectory server = new StubDirectory();
    private final Directory ping = new Dialects(server.root() + BASE, ScimProperties.Dialect.PING,
            Dialects.bearer("eyJraWQiOi")).directory();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldReadThePasswordQualityRequirementsAsTheSeedShows() {
        // Given the seed's requirements
        server.enqueue(Reply.scim(200, SEED_REQUIREMENTS));

        // When they are read
        List<PasswordRequirement> requirements = ping.passwordRequirements(ID);

        // Then the documented request went out; length is known, other types keep their description
        StubDirectory.Request get = server.only();
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.path()).isEqualTo(BASE + "/Users/" + ID + "/passwordQualityRequirements");
        assertThat(get.header("Accept")).isEqualTo("application/scim+json");
        assertThat(get.header("Authorization")).isEqualTo("Bearer eyJraWQiOi");
        assertThat(requirements).containsExactly(
                new PasswordRequirement("length", "The password must contain at least 6 characters.", 6),
                new PasswordRequirement("notCurrentPassword",
                        "The new password must not be the same as the current password.", null));
    }

    @Test
    void shouldTreatADisabledAccountAsInactive() {
        // Given an active-looking user whose account state is disabled
        server.enqueue(
                Reply.scim(200, """
                        {"totalResults":1,"Resources":[{"id":"2819c223-7f76-453a-919d-413861904646","userName":"bjensen",
                         "active":true,"emails":[{"value":"bjensen@example.com"}]}]}"""),
                Reply.scim(200, """
                        {"schemas":["urn:pingidentity:schemas:2.0:AccountState"],"accountDisabled":true}"""));

        // When bjensen is looked up
        List<DirectoryAccount> found = ping.findByUserName("bjensen");

        // Then the account sub-resource was read and decides
        assertThat(found).singleElement().extracting(DirectoryAccount::active).isEqualTo(false);
        assertThat(server.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "GET " + BASE + "/Users", "GET " + BASE + "/Users/2819c223-7f76-453a-919d-413861904646/account");
    }

    @Test
    void shouldReplaceThePasswordSubResourceWithOnlyTheNewPassword() throws Exception {
        // Given the broker accepts the change
        server.enqueue(Reply.scim(200, "{\"schemas\":[\"urn:pingidentity:schemas:2.0:PasswordUpdateRequest\"]}"));

        // When the password is set
        ping.setPassword(ID, "woodenNose072001");

        // Then: PUT on /password with newPassword, no currentPassword
        StubDirectory.Request put = server.only();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo(BASE + "/Users/" + ID + "/password");
        assertThat(put.header("Content-Type")).isEqualTo("application/scim+json");
        assertThat(put.header("Accept")).isEqualTo("application/scim+json");
        assertThat(JSON.readTree(put.body())).isEqualTo(JSON.readTree("""
                {"schemas":["urn:pingidentity:schemas:2.0:PasswordUpdateRequest"],"newPassword":"woodenNose072001"}"""));
    }

    @Test
    void shouldSendTheCurrentPasswordOnlyWhenGiven() throws Exception {
        // Given the broker accepts the change
        server.enqueue(Reply.scim(200, "{}"));

        // When a change with the current password is made
        ((PingDirectory) ping).changePassword(ID, "smallBeer1931520003", "woodenNose072001");

        // Then both are sent
        assertThat(JSON.readTree(server.only().body())).isEqualTo(JSON.readTree("""
                {"schemas":["urn:pingidentity:schemas:2.0:PasswordUpdateRequest"],
                 "currentPassword":"smallBeer1931520003","newPassword":"woodenNose072001"}"""));
    }

    @Test
    void shouldReturnTheServerGeneratedPasswordWhenNoNewPasswordIsSent() throws Exception {
        // Given the broker generates passwords
        server.enqueue(Reply.scim(200, """
                {"schemas":["urn:pingidentity:schemas:2.0:PasswordUpdateRequest"],"generatedPassword":"gen-Hq7!pz"}"""));

        // When a reset without a new password is made
        String generated = ping.resetToGeneratedPassword(ID);

        // Then the request carries no password, and the generated one comes back
        assertThat(generated).isEqualTo("gen-Hq7!pz");
        StubDirectory.Request put = server.only();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo(BASE + "/Users/" + ID + "/password");
        assertThat(JSON.readTree(put.body())).isEqualTo(JSON.readTree(
                "{\"schemas\":[\"urn:pingidentity:schemas:2.0:PasswordUpdateRequest\"]}"));
    }

    @Test
    void shouldDisableByReplacingTheReadAccountStateAsTheSeedShows() throws Exception {
        // Given the broker's account state, with a property ResetFlow does not know
        server.enqueue(
                Reply.scim(200, """
                        {"schemas":["urn:pingidentity:schemas:2.0:AccountState"],"accountDisabled":false,
                         "passwordResetRequired":false}"""),
                Reply.scim(200, "{}"));

        // When the account is disabled
        ping.setActive(ID, false);

        // Then the state was read, then replaced whole with accountDisabled true
        assertThat(server.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "GET " + BASE + "/Users/" + ID + "/account", "PUT " + BASE + "/Users/" + ID + "/account");
        StubDirectory.Request put = server.requests().get(1);
        assertThat(put.header("Content-Type")).isEqualTo("application/scim+json");
        assertThat(JSON.readTree(put.body())).isEqualTo(JSON.readTree("""
                {"schemas":["urn:pingidentity:schemas:2.0:AccountState"],"accountDisabled":true,
                 "passwordResetRequired":false}"""));
    }

    @Test
    void shouldReEnableAndReportARefusalWithItsStatus() throws Exception {
        // Given a disabled account, and a broker that then refuses the change
        server.enqueue(
                Reply.scim(200, "{\"schemas\":[\"urn:pingidentity:schemas:2.0:AccountState\"],\"accountDisabled\":true}"),
                Reply.scim(403, "{\"status\":\"403\",\"detail\":\"not allowed\"}"));

        // When it is re-enabled, then the PUT asked for accountDisabled false, and the refusal comes back as 403
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ping.setActive(ID, true))
                .isInstanceOfSatisfying(DirectoryException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(JSON.readTree(server.requests().get(1).body()).get("accountDisabled").asBoolean()).isFalse();
    }
}

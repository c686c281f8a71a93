package org.resetflow.demo;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo directory in the {@code ping} dialect, over HTTP: the account, passwordQualityRequirements and password
 * sub-resources of Ping Identity's Data Governance Broker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "resetflow.scim.dialect=ping",
        "resetflow.demo.smtp-port=0", "camunda.bpm.job-execution.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
class DemoPingDialectTest extends DemoScimHttpTestBase {

    @Autowired
    org.resetflow.directory.AccountLookup lookup;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /** Searches a batch of the demo flood costs: within 200 results per answer and 4,000 filter characters. */
    private static final int BATCH_SEARCHES = 2;

    @Test
    void shouldLookUpAFloodWithTheResultsOfOneByOne() {
        // Given the demo directory in the ping dialect: Ping batches its searches; only an identifier's one match costs a read of its account state
        // When a flood of 100 identifiers is looked up one by one and as a batch
        DemoFlood.Cost cost = DemoFlood.lookUp(this.lookup, this.meters);

        // Then the batch cost one search and one account-state read per account found as an identifier's one match
        // (alice, bob, carol, dave, erin), against one search per identifier and attribute plus a read per match
        assertThat(cost.batchRequests()).isEqualTo(BATCH_SEARCHES + 5);
        assertThat(cost.oneByOneRequests()).isGreaterThan(140);
    }

    private static final String PASSWORD_UPDATE = "urn:pingidentity:schemas:2.0:PasswordUpdateRequest";


    @Test
    void shouldReportAccountStateFromActive() {
        // Given active alice and inactive carol

        // When reading their account sub-resources
        HttpResponse<String> alice = this.scim.get("/Users/" + DemoDirectory.ALICE_ID + "/account");
        HttpResponse<String> carol = this.scim.get("/Users/" + DemoDirectory.CAROL_ID + "/account");

        // Then each is an AccountState, disabled exactly when the user is not active
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(DemoScimHttp.contentType(alice)).startsWith("application/scim+json");
        JsonNode aliceState = DemoScimHttp.json(alice);
        assertThat(aliceState.path("schemas").get(0).asText()).isEqualTo("urn:pingidentity:schemas:2.0:AccountState");
        assertThat(aliceState.path("accountDisabled").isBoolean()).isTrue();
        assertThat(aliceState.path("accountDisabled").asBoolean()).isFalse();
        assertThat(DemoScimHttp.json(carol).path("accountDisabled").asBoolean()).isTrue();
    }

    @Test
    void shouldDisableAndReEnableByReplacingTheAccountState() {
        // Given active alice
        String account = "/Users/" + DemoDirectory.ALICE_ID + "/account";

        // When her account state is replaced with accountDisabled true
        HttpResponse<String> disable = this.scim.send("PUT", account, "application/scim+json",
                "{\"schemas\":[\"urn:pingidentity:schemas:2.0:AccountState\"],\"accountDisabled\":true}");

        // Then she is inactive as a User and disabled as an account
        assertThat(disable.statusCode()).isEqualTo(200);
        assertThat(DemoScimHttp.json(disable).path("accountDisabled").asBoolean()).isTrue();
        assertThat(DemoScimHttp.json(this.scim.get("/Users/" + DemoDirectory.ALICE_ID)).path("active").asBoolean(true))
            .isFalse();

        // When it is replaced with accountDisabled false, then she is active again
        this.scim.send("PUT", account, "application/scim+json",
                "{\"schemas\":[\"urn:pingidentity:schemas:2.0:AccountState\"],\"accountDisabled\":false}");
        assertThat(DemoScimHttp.json(this.scim.get(account)).path("accountDisabled").asBoolean(true)).isFalse();

        // and a state that is not a boolean is refused
        assertThat(this.scim.send("PUT", account, "application/scim+json",
                "{\"schemas\":[\"urn:pingidentity:schemas:2.0:AccountState\"],\"accountDisabled\":\"yes\"}")
            .statusCode()).isEqualTo(400);
    }

    @Test
    void shouldListPasswordQualityRequirementsAsPingDoes() {
        // Given alice

        // When reading her password quality requirements
        HttpResponse<String> response = this.scim.get(
                "/Users/" + DemoDirectory.ALICE_ID + "/passwordQualityRequirements");

        // Then a length rule of 8 and the not-the-current-password rule come back, in Ping's shape
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = DemoScimHttp.json(response);
        assertThat(body.path("schemas").get(0).asText())
            .isEqualTo("urn:pingidentity:schemas:2.0:PasswordQualityRequirement");
        assertThat(body.path("currentPasswordRequired").asBoolean(true)).isFalse();
        JsonNode rules = body.path("passwordRequirements");
        assertThat(DemoScimHttp.texts(rules, "type")).containsExactly("length", "notCurrentPassword");
        assertThat(rules.get(0).path("minPasswordLength").asText()).isEqualTo("8");
        assertThat(rules.get(0).path("description").asText()).contains("at least 8 characters");
        assertThat(rules.get(1).path("description").asText()).isNotBlank();
    }

    @Test
    void shouldSetNewPasswordAndRefuseTheCurrentOneAgain() {
        // Given alice's password set through the password sub-resource
        HttpResponse<String> first = putPassword(DemoDirectory.ALICE_ID, "\"newPassword\": \"Ping-Passw0rd!\"");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(this.directory.passwordMatches(DemoDirectory.ALICE_ID, "Ping-Passw0rd!")).isTrue();

        // When the same password is sent again
        HttpResponse<String> again = putPassword(DemoDirectory.ALICE_ID, "\"newPassword\": \"Ping-Passw0rd!\"");

        // Then it is refused with a SCIM 400 whose detail a user can read, and nothing more is written
        assertThat(again.statusCode()).isEqualTo(400);
        JsonNode error = DemoScimHttp.json(again);
        assertThat(error.path("status").asText()).isEqualTo("400");
        assertThat(error.path("detail").asText())
            .isEqualTo("The new password must not be the same as the current password.");
        assertThat(again.body()).doesNotContain("Ping-Passw0rd!");
        assertThat(this.directory.passwordWrites()).isEqualTo(1);
    }

    @Test
    void shouldRefuseATooShortPasswordAndAWrongCurrentOne() {
        // Given bob with a known password
        putPassword(DemoDirectory.BOB_ID, "\"newPassword\": \"Bob-Passw0rd!\"");

        // When sending a seven-character password, and a change with the wrong current password
        HttpResponse<String> tooShort = putPassword(DemoDirectory.BOB_ID, "\"newPassword\": \"Short-7\"");
        HttpResponse<String> wrongCurrent = putPassword(DemoDirectory.BOB_ID,
                "\"currentPassword\": \"not-his\", \"newPassword\": \"Other-Passw0rd!\"");

        // Then both are refused with a readable reason and his password stays
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(DemoScimHttp.json(tooShort).path("detail").asText()).contains("at least 8 characters");
        assertThat(wrongCurrent.statusCode()).isEqualTo(400);
        assertThat(DemoScimHttp.json(wrongCurrent).path("detail").asText()).contains("current password");
        assertThat(this.directory.passwordMatches(DemoDirectory.BOB_ID, "Bob-Passw0rd!")).isTrue();
    }

    @Test
    void shouldGenerateAPasswordWhenNoneIsSentAndNeverLogIt(CapturedOutput output) {
        // Given dave

        // When his password is reset without a new one
        HttpResponse<String> response = putPassword(DemoDirectory.DAVE_ID, "");

        // Then the directory chose one, returned it once, holds it, and did not log it
        assertThat(response.statusCode()).isEqualTo(200);
        String generated = DemoScimHttp.json(response).path("generatedPassword").asText();
        assertThat(generated).hasSizeGreaterThanOrEqualTo(8);
        assertThat(this.directory.passwordMatches(DemoDirectory.DAVE_ID, generated)).isTrue();
        assertThat(output.getAll()).doesNotContain(generated);
    }

    @Test
    void shouldAnswerSubResourcesOfAnUnknownUserWithNotFound() {
        // Given an id the directory does not know
        String unknown = "/Users/no-such-user";

        // When asking for each sub-resource
        HttpResponse<String> account = this.scim.get(unknown + "/account");
        HttpResponse<String> rules = this.scim.get(unknown + "/passwordQualityRequirements");
        HttpResponse<String> password = putPassword("no-such-user", "\"newPassword\": \"Some-Passw0rd!\"");
        HttpResponse<String> delete = this.scim.send("DELETE", "/Users/" + DemoDirectory.ALICE_ID + "/account",
                null, null);

        // Then each is a SCIM 404, and an unsupported method a 405
        for (HttpResponse<String> response : new HttpResponse[] { account, rules, password }) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(DemoScimHttp.json(response).path("status").asText()).isEqualTo("404");
        }
        assertThat(delete.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> putPassword(String id, String attributes) {
        String body = "{\"schemas\": [\"" + PASSWORD_UPDATE + "\"]" + (attributes.isEmpty() ? "" : ", " + attributes)
                + "}";
        return this.scim.send("PUT", "/Users/" + id + "/password", "application/scim+json", body);
    }

}

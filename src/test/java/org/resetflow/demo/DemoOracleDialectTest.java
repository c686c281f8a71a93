package org.resetflow.demo;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo directory in the {@code oracle} dialect, over HTTP, with the requests of Oracle HCM's "Reset User
 * Password" use case: {@code username} filter, plain-body PATCH, Bulk, and its {@code Errors} shape.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "resetflow.scim.dialect=oracle",
        "resetflow.demo.smtp-port=0", "camunda.bpm.job-execution.enabled=false" })
class DemoOracleDialectTest extends DemoScimHttpTestBase {

    @Autowired
    org.resetflow.directory.AccountLookup lookup;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void shouldLookUpAFloodWithTheResultsOfOneByOne() {
        // Given the demo directory in the oracle dialect: Oracle's documented search is one "username eq" filter: one search per identifier and attribute
        // When a flood of 100 identifiers is looked up one by one and as a batch
        DemoFlood.Cost cost = DemoFlood.lookUp(this.lookup, this.meters);

        // Then the batch cost what one by one costs
        assertThat(cost.batchRequests()).isEqualTo(cost.oneByOneRequests());
    }

    private static final String ORACLE_USER = "urn:scim:schemas:core:2.0:User";


    @Test
    void shouldFindUserByLowerCaseUsernameInOraclesSchema() {
        // Given the seeded directory

        // When searching as Oracle's example does, with the attribute in lower case
        HttpResponse<String> response = this.scim.get(DemoScimHttp.filter("username eq \"ALICE\""));

        // Then alice is found, served as application/json with Oracle's User schema URN
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(DemoScimHttp.contentType(response)).startsWith("application/json");
        JsonNode body = DemoScimHttp.json(response);
        assertThat(body.path("totalResults").asInt()).isEqualTo(1);
        JsonNode alice = body.path("Resources").get(0);
        assertThat(alice.path("id").asText()).isEqualTo(DemoDirectory.ALICE_ID);
        assertThat(alice.path("schemas").size()).isEqualTo(1);
        assertThat(alice.path("schemas").get(0).asText()).isEqualTo(ORACLE_USER);
    }

    @Test
    void shouldResetPasswordWithPlainPatchAndKeepTheRest() {
        // Given bob

        // When Oracle's documented PATCH sends its User schema and a password, as application/json
        HttpResponse<String> response = this.scim.send("PATCH", "/Users/" + DemoDirectory.BOB_ID, "application/json",
                "{\"schemas\": [\"" + ORACLE_USER + "\"], \"password\": \"Oracle-Passw0rd!\"}");

        // Then the answer is the user, still complete, and the password is set
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode bob = DemoScimHttp.json(response);
        assertThat(bob.path("schemas").get(0).asText()).isEqualTo(ORACLE_USER);
        assertThat(bob.path("userName").asText()).isEqualTo("bob");
        assertThat(bob.path("emails").get(0).path("value").asText()).isEqualTo("bob@example.org");
        assertThat(response.body()).doesNotContainIgnoringCase("password");
        assertThat(this.directory.passwordMatches(DemoDirectory.BOB_ID, "Oracle-Passw0rd!")).isTrue();
        // and a search with the new state finds him as before
        assertThat(DemoScimHttp.json(this.scim.get(DemoScimHttp.filter("username eq \"bob\"")))
            .path("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void shouldAnswerErrorsInOraclesShape() {
        // Given requests Oracle would refuse: an unknown user, a PatchOp instead of a plain body, a broken filter
        String patchOp = "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": "
                + "[{\"op\": \"replace\", \"path\": \"password\", \"value\": \"Oracle-Passw0rd!\"}]}";

        // When sending them
        HttpResponse<String> unknown = this.scim.get("/Users/no-such-user");
        HttpResponse<String> wrongBody = this.scim.send("PATCH", "/Users/" + DemoDirectory.ALICE_ID,
                "application/json", patchOp);
        HttpResponse<String> badFilter = this.scim.get(DemoScimHttp.filter("username eq alice"));

        // Then each answers {"Errors":[{"description","code"}]} with the HTTP status as code, and nothing is written
        assertOracleError(unknown, 404, "no-such-user");
        assertOracleError(wrongBody, 400, ORACLE_USER);
        assertOracleError(badFilter, 400, "");
        assertThat(this.directory.passwordWrites()).isZero();
    }

    @Test
    void shouldRunBulkResetsWithEachOperationsOwnStatus() {
        // Given a Bulk request as Oracle documents it, with two good resets, an unknown user and a DELETE
        String data = "{\"schemas\": [\"" + ORACLE_USER + "\"], \"password\": \"Bulk-Passw0rd!\"}";
        String bulk = """
                {"Operations": [
                  {"method": "PATCH", "path": "/Users/%s", "bulkId": "one", "data": %s},
                  {"method": "PATCH", "path": "/Users/%s", "bulkId": "two", "data": %s},
                  {"method": "PATCH", "path": "/Users/no-such-user", "bulkId": "three", "data": %s},
                  {"method": "DELETE", "path": "/Users/%s", "bulkId": "four"}]}
                """.formatted(DemoDirectory.ALICE_ID, data, DemoDirectory.BOB_ID, data, data,
                DemoDirectory.CAROL_ID);

        // When posting it
        HttpResponse<String> response = this.scim.send("POST", "/Bulk", "application/json", bulk);

        // Then the request succeeds as a whole and every operation reports its own outcome
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode operations = DemoScimHttp.json(response).path("Operations");
        assertThat(DemoScimHttp.texts(operations, "bulkId")).containsExactly("one", "two", "three", "four");
        assertThat(DemoScimHttp.texts(operations, "status")).containsExactly("200", "200", "404", "405");
        assertThat(operations.get(0).path("location").asText())
            .isEqualTo(this.scim.url("/Users/" + DemoDirectory.ALICE_ID));
        assertThat(operations.get(2).path("response").path("Errors").get(0).path("code").asText()).isEqualTo("404");
        assertThat(this.directory.passwordMatches(DemoDirectory.ALICE_ID, "Bulk-Passw0rd!")).isTrue();
        assertThat(this.directory.passwordMatches(DemoDirectory.BOB_ID, "Bulk-Passw0rd!")).isTrue();
        assertThat(this.directory.passwordWrites()).isEqualTo(2);
        assertThat(response.body()).doesNotContain("Bulk-Passw0rd!");
    }

    @Test
    void shouldRefuseBulkWithoutOperations() {
        // Given a Bulk request with nothing in it

        // When posting it
        HttpResponse<String> response = this.scim.send("POST", "/Bulk", "application/json", "{\"Operations\": []}");

        // Then it is refused in Oracle's error shape
        assertOracleError(response, 400, "Operations");
    }

    private static void assertOracleError(HttpResponse<String> response, int status, String descriptionPart) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(DemoScimHttp.contentType(response)).startsWith("application/json");
        JsonNode body = DemoScimHttp.json(response);
        assertThat(body.has("status")).isFalse();
        JsonNode error = body.path("Errors").get(0);
        assertThat(error.path("code").asText()).isEqualTo(Integer.toString(status));
        assertThat(error.path("description").asText()).isNotBlank().contains(descriptionPart);
    }

}

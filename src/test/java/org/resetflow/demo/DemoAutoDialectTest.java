package org.resetflow.demo;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo directory in the {@code auto} dialect, over HTTP: the client reads {@code /ServiceProviderConfig} and
 * then speaks RFC 7644, so the directory answers exactly as in {@code rfc7644}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "resetflow.scim.dialect=auto",
        "resetflow.demo.smtp-port=0", "camunda.bpm.job-execution.enabled=false" })
class DemoAutoDialectTest extends DemoScimHttpTestBase {

    @Autowired
    org.resetflow.directory.AccountLookup lookup;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /** Searches a batch of the demo flood costs: within 200 results per answer and 4,000 filter characters. */
    private static final int BATCH_SEARCHES = 2;

    @Test
    void shouldLookUpAFloodWithTheResultsOfOneByOne() {
        // Given the demo directory in the auto dialect: auto reads /ServiceProviderConfig and batches within its filter.maxResults
        // When a flood of 100 identifiers is looked up one by one and as a batch
        DemoFlood.Cost cost = DemoFlood.lookUp(this.lookup, this.meters);

        // Then the batch cost a few searches, against one per identifier and attribute
        assertThat(cost.batchRequests()).isEqualTo(BATCH_SEARCHES);
        assertThat(cost.oneByOneRequests()).isGreaterThan(140);
    }


    @Test
    void shouldAdvertisePatchAndThenTakeAPatchOp() {
        // Given the auto dialect, which decides from the ServiceProviderConfig

        // When reading it, and then writing a password the way it says
        JsonNode config = DemoScimHttp.json(this.scim.get("/ServiceProviderConfig"));
        HttpResponse<String> patched = this.scim.send("PATCH", "/Users/" + DemoDirectory.ALICE_ID,
                "application/scim+json", """
                        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations": [{"op": "replace", "path": "password", "value": "Auto-Passw0rd!"}]}
                        """);

        // Then PATCH and changePassword are offered, and the PatchOp is answered 204 as in rfc7644
        assertThat(config.path("patch").path("supported").asBoolean()).isTrue();
        assertThat(config.path("changePassword").path("supported").asBoolean()).isTrue();
        assertThat(patched.statusCode()).isEqualTo(204);
        assertThat(this.directory.passwordMatches(DemoDirectory.ALICE_ID, "Auto-Passw0rd!")).isTrue();
    }

    @Test
    void shouldKeepRfc7644ShapesAndNoVendorPaths() {
        // Given the auto dialect

        // When reading a user, PUTting a partial one, and asking for vendor endpoints
        JsonNode alice = DemoScimHttp.json(this.scim.get("/Users/" + DemoDirectory.ALICE_ID));
        HttpResponse<String> partialPut = this.scim.send("PUT", "/Users/" + DemoDirectory.BOB_ID,
                "application/scim+json", "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], "
                        + "\"password\": \"Auto-Passw0rd!\"}");
        HttpResponse<String> password = this.scim.send("PUT", "/Users/" + DemoDirectory.ALICE_ID + "/password",
                "application/scim+json", "{}");
        HttpResponse<String> bulk = this.scim.send("POST", "/Bulk", "application/scim+json", "{}");

        // Then the user has the RFC 7643 schema, PUT still replaces (so a missing userName is refused), and the
        // vendor paths do not exist
        assertThat(alice.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User");
        assertThat(partialPut.statusCode()).isEqualTo(400);
        assertThat(DemoScimHttp.json(partialPut).path("detail").asText()).contains("userName");
        assertThat(password.statusCode()).isEqualTo(404);
        assertThat(bulk.statusCode()).isEqualTo(404);
        assertThat(this.directory.passwordWrites()).isZero();
    }

}

package org.resetflow.demo;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.resetflow.WebSession;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo directory in the {@code gluu} dialect, over HTTP, with exactly the requests Gluu's guide shows. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "resetflow.scim.dialect=gluu",
        "resetflow.demo.smtp-port=0", "camunda.bpm.job-execution.enabled=false" })
class DemoGluuDialectTest extends DemoScimHttpTestBase {

    @Autowired
    org.resetflow.directory.AccountLookup lookup;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /** Searches a batch of the demo flood costs: within 200 results per answer and 4,000 filter characters. */
    private static final int BATCH_SEARCHES = 2;

    @Test
    void shouldLookUpAFloodWithTheResultsOfOneByOne() {
        // Given the demo directory in the gluu dialect: Gluu reads /ServiceProviderConfig like any SCIM 2.0 server and takes an "or" of equality filters
        // When a flood of 100 identifiers is looked up one by one and as a batch
        DemoFlood.Cost cost = DemoFlood.lookUp(this.lookup, this.meters);

        // Then the batch cost a few searches, against one per identifier and attribute
        assertThat(cost.batchRequests()).isEqualTo(BATCH_SEARCHES);
        assertThat(cost.oneByOneRequests()).isGreaterThan(140);
    }

    private static final String GLUU_PUT = """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "password": "Gluu-Passw0rd!"}
            """;


    @Test
    void shouldSetPasswordWithGluuPutAndKeepEveryOtherAttribute() {
        // Given bob as the directory holds him
        JsonNode before = DemoScimHttp.json(this.scim.get("/Users/" + DemoDirectory.BOB_ID));

        // When Gluu's documented PUT sends only the schema and a password
        HttpResponse<String> response = this.scim.send("PUT", "/Users/" + DemoDirectory.BOB_ID,
                "application/scim+json", GLUU_PUT);

        // Then the answer is 200 with the whole user and its Location, and the password is set
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(DemoScimHttp.contentType(response)).startsWith("application/scim+json");
        assertThat(response.headers().firstValue("Location"))
            .contains(this.scim.url("/Users/" + DemoDirectory.BOB_ID));
        JsonNode answer = DemoScimHttp.json(response);
        assertThat(answer.path("id").asText()).isEqualTo(DemoDirectory.BOB_ID);
        assertThat(response.body()).doesNotContainIgnoringCase("password");
        assertThat(this.directory.passwordMatches(DemoDirectory.BOB_ID, "Gluu-Passw0rd!")).isTrue();

        // And nothing else was wiped: only meta.lastModified may differ
        JsonNode after = DemoScimHttp.json(this.scim.get("/Users/" + DemoDirectory.BOB_ID));
        for (String attribute : new String[] { "schemas", "userName", "name", "displayName", "emails", "active" }) {
            assertThat(after.path(attribute)).as(attribute).isEqualTo(before.path(attribute));
            assertThat(answer.path(attribute)).as(attribute).isEqualTo(before.path(attribute));
        }
    }

    @Test
    void shouldUpdateOnlyTheAttributesSent() {
        // Given alice with her seeded e-mail address

        // When a PUT sends a new display name and nothing else
        HttpResponse<String> response = this.scim.send("PUT", "/Users/" + DemoDirectory.ALICE_ID,
                "application/scim+json", "{\"displayName\": \"Alice A.\"}");

        // Then the display name changes, her address and user name stay, and no password was written
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode alice = DemoScimHttp.json(this.scim.get("/Users/" + DemoDirectory.ALICE_ID));
        assertThat(alice.path("displayName").asText()).isEqualTo("Alice A.");
        assertThat(alice.path("userName").asText()).isEqualTo("alice");
        assertThat(alice.path("emails").get(0).path("value").asText()).isEqualTo("alice@example.org");
        assertThat(this.directory.passwordWrites()).isZero();
    }

    @Test
    void shouldAnswerAnUnknownInumWithScimNotFound() {
        // Given an inum the directory does not know

        // When Gluu's PUT targets it
        HttpResponse<String> response = this.scim.send("PUT", "/Users/@!1234.5678", "application/scim+json",
                GLUU_PUT);

        // Then an RFC 7644 404 comes back and nothing is written
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(DemoScimHttp.json(response).path("status").asText()).isEqualTo("404");
        assertThat(this.directory.passwordWrites()).isZero();
    }

    @Test
    void shouldStillFindUsersAndKeepVendorPathsUnknown() {
        // Given the gluu dialect, which adds nothing to RFC 7644's paths

        // When searching by user name and asking for Ping's and Oracle's endpoints
        HttpResponse<String> search = this.scim.get(DemoScimHttp.filter("userName eq \"alice\""));
        HttpResponse<String> account = this.scim.get("/Users/" + DemoDirectory.ALICE_ID + "/account");
        HttpResponse<String> bulk = this.scim.send("POST", "/Bulk", "application/json", "{\"Operations\": []}");

        // Then the search works and the vendor paths do not exist
        assertThat(DemoScimHttp.json(search).path("totalResults").asInt()).isEqualTo(1);
        assertThat(account.statusCode()).isEqualTo(404);
        assertThat(bulk.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldNameTheDialectOnTheDirectoryPage() {
        // Given the gluu dialect

        // When opening the demo directory page
        WebSession.Page page = new WebSession("http://localhost:" + this.port).get("/demo/directory");

        // Then it says which dialect the directory answers in
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.document().select("#dialect code").first().text()).isEqualTo("gluu");
    }

}

package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.BulkPasswordResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.resetflow.scim.StubDirectory.Reply;

/** RFC 7644 on the wire: filter search, PatchOp, PUT fallback, ETags, Bulk, and {@code auto}'s choice. */
class Rfc7644DirectoryTest {

    private static final String BASE = "/scim/v2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u-1","userName":"alice","active":true,
             "name":{"givenName":"Alice","familyName":"Adams"},"emails":[{"value":"alice@example.org","primary":true}],
             "meta":{"resourceType":"User","version":"W/\\"v1\\""}}""";

    private final StubDirectory server = new StubDirectory();

    @AfterEach
    void stop() {
        server.close();
    }

    private Directory directory(ScimProperties.Dialect dialect) {
        return new Dialects(server.root() + BASE, dialect, Dialects.bearer("t")).directory();
    }

    @Test
    void shouldSearchByUserNameAndByEmailWithEscapedFilters() {
        // Given an empty directory
        server.route(request -> Reply.scim(200, "{\"totalResults\":0,\"Resources\":[]}"));
        Directory rfc = directory(ScimProperties.Dialect.RFC7644);

        // When a user name with a quote, and an address, are looked up
        rfc.findByUserName("x\" or userName pr \"");
        rfc.findByEmail("alice+tag@example.org");

        // Then both filters are RFC 7644 eq filters with the value as an escaped JSON string
        assertThat(server.requests()).extracting(r -> r.query().get("filter")).containsExactly(
                "userName eq \"x\\\" or userName pr \\\"\"", "emails.value eq \"alice+tag@example.org\"");
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.path()).isEqualTo(BASE + "/Users"));
    }

    @Test
    void shouldReadTheAccountsGroupDisplayNamesForThePolicy() {
        // Given a directory listing alice in two groups, one of them without a display name
        server.route(request -> Reply.scim(200, "{\"totalResults\":1,\"Resources\":[{\"id\":\"u-1\","
                + "\"userName\":\"alice\",\"active\":true,\"emails\":[{\"value\":\"alice@example.org\"}],"
                + "\"groups\":[{\"value\":\"g-1\",\"display\":\"admins\",\"$ref\":\"../Groups/g-1\"},"
                + "{\"value\":\"g-2\"}]}]}"));

        // When she is looked up
        List<DirectoryAccount> found = directory(ScimProperties.Dialect.RFC7644).findByUserName("alice");

        // Then her groups come with her: the display name where there is one, else the group's id
        assertThat(found).singleElement().satisfies(account ->
                assertThat(account.groups()).containsExactly("admins", "g-2"));
    }

    @Test
    void shouldReplaceThePasswordWithAPatchOpAndAccept204() throws Exception {
        // Given a directory that answers PATCH with 204
        server.enqueue(Reply.empty(204));

        // When the password is set
        directory(ScimProperties.Dialect.RFC7644).setPassword("u-1", "New-Secret-1");

        // Then one PatchOp replace of "password"
        StubDirectory.Request patch = server.only();
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.path()).isEqualTo(BASE + "/Users/u-1");
        assertThat(patch.header("Content-Type")).isEqualTo("application/scim+json");
        assertThat(patch.header("Accept")).isEqualTo("application/scim+json, application/json");
        assertThat(patch.header("If-Match")).isNull();
        assertThat(JSON.readTree(patch.body())).isEqualTo(JSON.readTree("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"password","value":"New-Secret-1"}]}"""));
    }

    @Test
    void shouldPickPutOfTheWholeResourceWithIfMatchWhenAutoFindsNoPatch() throws Exception {
        // Given a directory whose ServiceProviderConfig offers no PATCH but ETags
        server.enqueue(
                Reply.scim(200, serviceProviderConfig(false, false, true)),
                Reply.scim(200, ALICE).withHeader("ETag", "W/\"v1\""),
                Reply.scim(200, ALICE));

        // When the password is set through "auto"
        directory(ScimProperties.Dialect.AUTO).setPassword("u-1", "New-Secret-1");

        // Then it read the config, read alice, and PUT her back whole, plus the password, guarded by her ETag
        List<StubDirectory.Request> requests = server.requests();
        assertThat(requests).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "GET " + BASE + "/ServiceProviderConfig", "GET " + BASE + "/Users/u-1", "PUT " + BASE + "/Users/u-1");
        StubDirectory.Request put = requests.get(2);
        assertThat(put.header("If-Match")).isEqualTo("W/\"v1\"");
        var expected = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(ALICE);
        expected.put("password", "New-Secret-1");
        assertThat(JSON.readTree(put.body())).isEqualTo(expected);
    }

    @Test
    void shouldDisableWithAPutOfTheWholeResourceWhenThereIsNoPatch() throws Exception {
        // Given a directory whose ServiceProviderConfig offers no PATCH but ETags
        server.enqueue(
                Reply.scim(200, serviceProviderConfig(false, false, true)),
                Reply.scim(200, ALICE).withHeader("ETag", "W/\"v1\""),
                Reply.scim(200, ALICE));

        // When alice is disabled through "auto"
        directory(ScimProperties.Dialect.AUTO).setActive("u-1", false);

        // Then she was read and PUT back whole with active false, guarded by her ETag
        List<StubDirectory.Request> requests = server.requests();
        assertThat(requests).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "GET " + BASE + "/ServiceProviderConfig", "GET " + BASE + "/Users/u-1", "PUT " + BASE + "/Users/u-1");
        StubDirectory.Request put = requests.get(2);
        assertThat(put.header("If-Match")).isEqualTo("W/\"v1\"");
        var expected = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(ALICE);
        expected.put("active", false);
        assertThat(JSON.readTree(put.body())).isEqualTo(expected);
    }

    @Test
    void shouldPickPatchWhenAutoFindsPatchAndReadTheConfigOnlyOnce() {
        // Given a directory that offers PATCH and no ETags
        server.enqueue(Reply.scim(200, serviceProviderConfig(true, false, false)), Reply.empty(204), Reply.empty(204));
        Directory auto = directory(ScimProperties.Dialect.AUTO);

        // When two passwords are set
        auto.setPassword("u-1", "New-Secret-1");
        auto.setPassword("u-2", "New-Secret-2");

        // Then the config was read once and each write was a PATCH without a prior read
        assertThat(server.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "GET " + BASE + "/ServiceProviderConfig", "PATCH " + BASE + "/Users/u-1", "PATCH " + BASE + "/Users/u-2");
    }

    @Test
    void shouldRetryOnceAfterAFreshReadWhenTheETagIsStale() {
        // Given a directory with ETags where alice changes between our read and our write
        server.enqueue(
                Reply.scim(200, serviceProviderConfig(true, false, true)),
                Reply.scim(200, ALICE).withHeader("ETag", "W/\"v1\""),
                Reply.scim(412, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":412}"),
                Reply.scim(200, ALICE).withHeader("ETag", "W/\"v2\""),
                Reply.empty(204));

        // When the password is set
        directory(ScimProperties.Dialect.AUTO).setPassword("u-1", "New-Secret-1");

        // Then the second PATCH carries the fresh version
        List<StubDirectory.Request> requests = server.requests();
        assertThat(requests).extracting(r -> r.method() + " " + r.header("If-Match")).containsExactly(
                "GET null", "GET null", "PATCH W/\"v1\"", "GET null", "PATCH W/\"v2\"");
    }

    @Test
    void shouldUseBulkWhenOfferedAndReadEachOperationsStatus() throws Exception {
        // Given a directory that offers Bulk, and fails one operation inside a 200
        server.enqueue(
                Reply.scim(200, serviceProviderConfig(true, true, false)),
                Reply.scim(200, """
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],"Operations":[
                          {"bulkId":"password-1","method":"PATCH","location":"https://x/scim/v2/Users/u-1","status":"200"},
                          {"bulkId":"password-2","method":"PATCH","status":"404",
                           "response":{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404",
                                       "detail":"Resource u-2 not found"}}]}"""));
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put("u-1", "New-Secret-1");
        passwords.put("u-2", "New-Secret-2");

        // When both are set
        List<BulkPasswordResult> results = directory(ScimProperties.Dialect.AUTO).setPasswords(passwords);

        // Then one BulkRequest of PatchOps went out, and the outcomes are per account
        StubDirectory.Request bulk = server.requests().get(1);
        assertThat(bulk.method() + " " + bulk.path()).isEqualTo("POST " + BASE + "/Bulk");
        assertThat(JSON.readTree(bulk.body()).path("schemas").get(0).asText())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:BulkRequest");
        assertThat(JSON.readTree(bulk.body()).path("Operations").get(1).path("data").path("Operations").get(0)
                .path("value").asText()).isEqualTo("New-Secret-2");
        assertThat(results).containsExactly(new BulkPasswordResult("u-1", 200, null),
                new BulkPasswordResult("u-2", 404, "Resource u-2 not found"));
    }

    @Test
    void shouldSetOneByOneWhenBulkIsNotOffered() {
        // Given the rfc7644 dialect (no Bulk assumed)
        server.route(request -> Reply.empty(204));
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put("u-1", "New-Secret-1");
        passwords.put("u-2", "New-Secret-2");

        // When both are set
        List<BulkPasswordResult> results = directory(ScimProperties.Dialect.RFC7644).setPasswords(passwords);

        // Then two PATCHes went out
        assertThat(server.requests()).extracting(StubDirectory.Request::method).containsExactly("PATCH", "PATCH");
        assertThat(results).allMatch(BulkPasswordResult::succeeded);
    }

    static String serviceProviderConfig(boolean patch, boolean bulk, boolean etag) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
                 "patch":{"supported":%s},"bulk":{"supported":%s,"maxOperations":100,"maxPayloadSize":1048576},
                 "filter":{"supported":true,"maxResults":200},"changePassword":{"supported":true},
                 "sort":{"supported":false},"etag":{"supported":%s}}""".formatted(patch, bulk, etag);
    }
}

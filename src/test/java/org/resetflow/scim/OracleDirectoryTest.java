package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.AccountGoneException;
import org.resetflow.directory.PasswordRejectedByDirectoryException;
import org.resetflow.directory.BulkPasswordResult;
import org.resetflow.directory.NewAccount;
import org.resetflow.directory.UserNameTakenException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.resetflow.scim.StubDirectory.Reply;

/**
 * Oracle Applications Cloud (HCM) as seed 003 documents it: HTTP Basic ({@code curl -u}), {@code GET
 * /hcmRestApi/scim/Users?filter=username eq "…"}, {@code PATCH /Users/{id}} with {@code Content-Type:
 * application/json} and {@code {"schemas":["urn:scim:schemas:core:2.0:User"],"password":"…"}}, errors as
 * {@code {"Errors":[{"description","code"}]}}, and {@code POST /Bulk} with {@code Operations}.
 */
class OracleDirectoryTest {

    private static final String BASE = "/hcmRestApi/scim";
    private static final String ID = "5A25572D96277A00C0547E3A715EF682";
    private static final String PASSWORD = "Password1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The seed's search answer, verbatim (Oracle's own date format in meta included). */
    static final String SEED_SEARCH = """
            { "itemsPerPage": 1, "startIndex": 1, "Resources": [ { "id": "5A25572D96277A00C0547E3A715EF682", "meta": { "created": "2009-05-25 00:00:00.000", "lastModified": "2015-12-14 10:15:48.291", "location": "https://servername.fa.us2.oraclecloud.com/hcmRestApi/scim/Users/5A25572D96277A00C0547E3A715EF682" }, "schemas": [ "urn:scim:schemas:core:2.0:User" ], "userName": "CUST_CONTRACT_MGR_OPERATIONS", "name": { "familyName": "Black", "givenName": "Sophie" }, "displayName": "Sophie Black", "emails": [ { "value": "CUST_CONTRACT_MGR_OPERATIONS@dummy.oracle.com", "type": "W", "primary": true } ], "roles": [ { "id": "4EB6B72643872425B6BE573B531ABC6B", "value": "OKC_CUSTOMER_CONTRACT_MANAGER_VISION_OPERATIONS_DATA", "displayName": "Customer Contract Manager - Vision Operations", "description": "Customer Contract Manager for Vision Operations" } ], "active": true } ] }""";
    static final String SEED_POLICY_ERROR = """
            {
            "Errors": [
            {
            "description": "Invalid Password: does not meet password policy",
            "code": "400"
            }
            ]
            }""";

    private final StubDirectory server = new StubDirectory();
    private final Directory oracle = new Dialects(server.root() + BASE, ScimProperties.Dialect.ORACLE,
            Dialects.basic("integration.user", "hcm-secret")).directory();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldSearchByLowerCaseUsernameWithBasicAuthAndReadTheSeedsAnswer() {
        // Given the seed's search answer
        server.enqueue(Reply.json(200, SEED_SEARCH));

        // When the user is looked up
        List<DirectoryAccount> found = oracle.findByUserName("CUST_CONTRACT_MGR_OPERATIONS");

        // Then the documented request went out and the answer was understood
        StubDirectory.Request get = server.only();
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.path()).isEqualTo(BASE + "/Users");
        assertThat(get.query()).containsEntry("filter", "username eq \"CUST_CONTRACT_MGR_OPERATIONS\"");
        assertThat(get.header("Authorization")).isEqualTo(basic("integration.user", "hcm-secret"));
        assertThat(found).containsExactly(new DirectoryAccount(ID, "CUST_CONTRACT_MGR_OPERATIONS",
                "CUST_CONTRACT_MGR_OPERATIONS@dummy.oracle.com", "Sophie Black", true));
    }

    @Test
    void shouldPatchThePasswordAsTheSeedShows() throws Exception {
        // Given Oracle accepts the write
        server.enqueue(Reply.json(200, "{\"id\":\"" + ID + "\"}"));

        // When the password is set
        oracle.setPassword(ID, PASSWORD);

        // Then: PATCH, application/json, Basic, the Oracle schema URN and the password
        StubDirectory.Request patch = server.only();
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.path()).isEqualTo(BASE + "/Users/" + ID);
        assertThat(patch.header("Content-Type")).isEqualTo("application/json");
        assertThat(patch.header("Authorization")).isEqualTo(basic("integration.user", "hcm-secret"));
        assertThat(JSON.readTree(patch.body())).isEqualTo(JSON.readTree(
                "{\"schemas\":[\"urn:scim:schemas:core:2.0:User\"],\"password\":\"Password1\"}"));
    }

    @Test
    void shouldCreateAUserAsTheSeedShowsAndReadTheNewId() throws Exception {
        // Given Oracle answers with the seed's "Set Password for a New User" response
        server.enqueue(Reply.json(201, """
                {"id": "3DEC63ED61FD0863E050F00A081B15FF", "meta": {"created": "2016-10-20 12:36:21.000"},
                 "schemas": ["urn:scim:schemas:core:2.0:User"], "userName": "JONESK_OPERATIONS", "active": true}"""));

        // When the helpdesk's new account is created
        String id = oracle.createUser(new NewAccount("JONESK_OPERATIONS", "J.K@oracle.com", "Kerry Jones"), PASSWORD);

        // Then one POST /Users in Oracle's schema, application/json and Basic, and the id is Oracle's
        assertThat(id).isEqualTo("3DEC63ED61FD0863E050F00A081B15FF");
        StubDirectory.Request post = server.only();
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo(BASE + "/Users");
        assertThat(post.header("Content-Type")).isEqualTo("application/json");
        assertThat(post.header("Authorization")).isEqualTo(basic("integration.user", "hcm-secret"));
        assertThat(JSON.readTree(post.body())).isEqualTo(JSON.readTree("""
                {"schemas":["urn:scim:schemas:core:2.0:User"],"userName":"JONESK_OPERATIONS",
                 "displayName":"Kerry Jones","emails":[{"value":"J.K@oracle.com","primary":true}],
                 "active":true,"password":"Password1"}"""));
    }

    @Test
    void shouldTurnA409ToACreateIntoUserNameTaken() {
        // Given Oracle refuses a duplicate user name
        server.enqueue(Reply.json(409, "{\"Errors\":[{\"description\":\"Password1 user exists\",\"code\":\"409\"}]}"));

        // When the account is created, then it is "taken", sent once, and the echoed password is not quoted
        assertThatThrownBy(() -> oracle.createUser(new NewAccount("JONESK_OPERATIONS", "J.K@oracle.com", null),
                PASSWORD))
                .isInstanceOf(UserNameTakenException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void shouldTurnTheErrorsArrayIntoTheReasonShownOnThePage() {
        // Given the seed's policy error
        server.enqueue(Reply.json(400, SEED_POLICY_ERROR));

        // When a password is set, then the user sees Oracle's description
        assertThatThrownBy(() -> oracle.setPassword(ID, PASSWORD))
                .isInstanceOf(PasswordRejectedByDirectoryException.class)
                .extracting(e -> ((PasswordRejectedByDirectoryException) e).reason())
                .isEqualTo("Invalid Password: does not meet password policy");
    }

    @Test
    void shouldPostOneBulkRequestAndReadEachOperationsOwnStatus() throws Exception {
        // Given a Bulk answer of 200 in which one operation failed
        server.enqueue(Reply.json(200, """
                {"Operations":[
                  {"bulkId":"password-1","method":"PATCH","location":"https://x/hcmRestApi/scim/Users/3DEC63ED61FD0863E050F00A081B15FF","status":"200"},
                  {"bulkId":"password-2","method":"PATCH","status":{"code":"400"},
                   "response":{"Errors":[{"description":"Invalid Password: Password1x was used before","code":"400"}]}}]}"""));
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put("3DEC63ED61FD0863E050F00A081B15FF", "Password1");
        passwords.put("3DEC63ED61FD0863E050F00A081B15EE", "Password1x");

        // When both are set in one go
        List<BulkPasswordResult> results = oracle.setPasswords(passwords);

        // Then one documented Bulk request went out, and each account has its own outcome, password scrubbed
        StubDirectory.Request bulk = server.only();
        assertThat(bulk.method()).isEqualTo("POST");
        assertThat(bulk.path()).isEqualTo(BASE + "/Bulk");
        assertThat(bulk.header("Content-Type")).isEqualTo("application/json");
        assertThat(JSON.readTree(bulk.body())).isEqualTo(JSON.readTree("""
                {"Operations":[
                 {"method":"PATCH","path":"/Users/3DEC63ED61FD0863E050F00A081B15FF","bulkId":"password-1",
                  "data":{"schemas":["urn:scim:schemas:core:2.0:User"],"password":"Password1"}},
                 {"method":"PATCH","path":"/Users/3DEC63ED61FD0863E050F00A081B15EE","bulkId":"password-2",
                  "data":{"schemas":["urn:scim:schemas:core:2.0:User"],"password":"Password1x"}}]}"""));
        assertThat(results).containsExactly(
                new BulkPasswordResult("3DEC63ED61FD0863E050F00A081B15FF", 200, null),
                new BulkPasswordResult("3DEC63ED61FD0863E050F00A081B15EE", 400, "Invalid Password: … was used before"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    @Test
    void shouldDisableAndReEnableWithAPatchOfActive() throws Exception {
        // Given Oracle accepts both changes
        server.enqueue(Reply.json(200, "{}"), Reply.json(200, "{}"));

        // When the user is disabled, then re-enabled
        oracle.setActive(ID, false);
        oracle.setActive(ID, true);

        // Then each was a PATCH of the user with Oracle's schema and "active"
        assertThat(server.requests()).extracting(r -> r.method() + " " + r.path() + " " + r.header("Content-Type"))
                .containsExactly("PATCH " + BASE + "/Users/" + ID + " application/json",
                        "PATCH " + BASE + "/Users/" + ID + " application/json");
        assertThat(JSON.readTree(server.requests().get(0).body())).isEqualTo(JSON.readTree(
                "{\"schemas\":[\"urn:scim:schemas:core:2.0:User\"],\"active\":false}"));
        assertThat(JSON.readTree(server.requests().get(1).body()).get("active").asBoolean()).isTrue();
    }

    @Test
    void shouldReportAnUnknownAccountAsGoneWhenDisabling() {
        // Given Oracle has no such user
        server.enqueue(Reply.json(404, "{\"Errors\":[{\"description\":\"not found\",\"code\":\"404\"}]}"));

        // When it is disabled, then the account is gone
        assertThatThrownBy(() -> oracle.setActive(ID, false)).isInstanceOf(AccountGoneException.class);
    }
}

package org.resetflow.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.resetflow.scim.StubDirectory.Reply;
import org.resetflow.scim.StubDirectory.Request;

/**
 * A small stateful directory per dialect for the end-to-end journeys: one user, alice, served in the vendor's wire
 * format (paths, media types, error shapes as in the seeds). A password containing "History" is refused by the
 * directory's policy, in the vendor's error format; any other is stored.
 */
final class VendorFake implements Function<Request, Reply> {

    static final String ALICE_ID = "2819c223-7f76-453a-919d-413861904646";
    static final String REFUSED_MARKER = "History";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScimProperties.Dialect dialect;
    private final String base;
    final Map<String, String> passwords = new ConcurrentHashMap<>();

    VendorFake(ScimProperties.Dialect dialect, String base) {
        this.dialect = dialect;
        this.base = base;
    }

    @Override
    public Reply apply(Request request) {
        String path = request.path().substring(base.length());
        String user = """
                {"schemas":["%s"],"id":"%s","userName":"alice","displayName":"Alice Adams","active":true,
                 "emails":[{"value":"alice@example.org","type":"work","primary":true}]}"""
                .formatted(dialect == ScimProperties.Dialect.ORACLE ? OracleDirectory.ORACLE_USER
                        : ScimDialect.CORE_USER, ALICE_ID);
        String mediaType = dialect == ScimProperties.Dialect.ORACLE ? "application/json" : "application/scim+json";
        if (request.method().equals("GET") && path.equals("/Users")) {
            String attribute = dialect == ScimProperties.Dialect.ORACLE ? "username" : "userName";
            boolean alice = ("%s eq \"alice\"".formatted(attribute)).equals(request.query().get("filter"));
            return Reply.of(200, mediaType, "{\"totalResults\":%d,\"Resources\":[%s]}"
                    .formatted(alice ? 1 : 0, alice ? user : ""));
        }
        if (request.method().equals("GET") && path.equals("/ServiceProviderConfig")) {
            return Reply.scim(200, Rfc7644DirectoryTest.serviceProviderConfig(false, false, false));
        }
        if (request.method().equals("GET") && path.equals("/Users/" + ALICE_ID)) {
            return Reply.of(200, mediaType, user);
        }
        if (request.method().equals("GET") && path.equals("/Users/" + ALICE_ID + "/account")) {
            return Reply.scim(200, "{\"schemas\":[\"urn:pingidentity:schemas:2.0:AccountState\"],\"accountDisabled\":false}");
        }
        if (request.method().equals("GET") && dialect == ScimProperties.Dialect.PING
                && path.equals("/Users/" + ALICE_ID + "/passwordQualityRequirements")) {
            return Reply.scim(200, """
                    {"schemas":["urn:pingidentity:schemas:2.0:PasswordQualityRequirement"],
                     "currentPasswordRequired":false,
                     "passwordRequirements":[
                       {"type":"length","description":"The password must contain at least 20 characters.",
                        "minPasswordLength":"20"},
                       {"type":"notCurrentPassword",
                        "description":"The new password must not be the same as the current password."}]}""");
        }
        String writePath = dialect == ScimProperties.Dialect.PING ? "/Users/" + ALICE_ID + "/password"
                : "/Users/" + ALICE_ID;
        String writeMethod = switch (dialect) {
            case RFC7644, ORACLE -> "PATCH";
            case GLUU, PING, AUTO -> "PUT";
        };
        if (request.method().equals(writeMethod) && path.equals(writePath)) {
            String password = password(request.body());
            if (password.contains(REFUSED_MARKER)) {
                return dialect == ScimProperties.Dialect.ORACLE
                        ? Reply.json(400, "{\"Errors\":[{\"description\":\"Invalid Password: does not meet password "
                                + "policy\",\"code\":\"400\"}]}")
                        : Reply.scim(400, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                                + "\"status\":\"400\",\"detail\":\"Password was used before\"}");
            }
            passwords.put(ALICE_ID, password);
            return dialect == ScimProperties.Dialect.RFC7644 ? Reply.empty(204) : Reply.of(200, mediaType, user);
        }
        return Reply.scim(404, "{\"status\":\"404\",\"detail\":\"no such endpoint in the fake\"}");
    }

    private String password(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node.has("newPassword")) {
                return node.get("newPassword").asText();
            }
            if (node.has("Operations")) {
                return node.get("Operations").get(0).get("value").asText();
            }
            return node.get("password").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.resetflow.scim;

import org.resetflow.directory.BulkPasswordResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Oracle Applications Cloud (HCM), as its "Reset User Password" use case documents it: HTTP Basic, search with
 * {@code username eq "…"}, {@code PATCH {base}/Users/{id}} with {@code {"schemas":["urn:scim:schemas:core:2.0:User"],
 * "password":"…"}} as {@code application/json}, errors as {@code {"Errors":[{"description","code"}]}}, and
 * {@code POST {base}/Bulk} for many users at once; "Set Password for a New User" is a {@code POST {base}/Users} in
 * the same schema.
 */
final class OracleDirectory extends ScimDialect {

    static final String ORACLE_USER = "urn:scim:schemas:core:2.0:User";

    OracleDirectory(DirectoryHttp http) {
        super(http);
    }

    /**
     * The use case documents one {@code username eq "…"} comparison per search and nothing about {@code or} or
     * {@code /ServiceProviderConfig}: one search per identifier and attribute, as before batches.
     */
    @Override
    boolean takesOrFilters() {
        return false;
    }

    @Override
    String userNameAttribute() {
        return "username";
    }

    @Override
    List<MediaType> accept() {
        return List.of(MediaType.APPLICATION_JSON);
    }

    @Override
    MediaType contentType() {
        return MediaType.APPLICATION_JSON;
    }

    @Override
    String userSchema() {
        return ORACLE_USER;
    }

    @Override
    public void setPassword(String accountId, String newPassword) {
        writeWithOneRetry(accountId, false, current -> sendWrite(HttpMethod.PATCH,
                http.uri("Users", accountId), contentType(), passwordOnly(newPassword), null, newPassword));
    }

    /** The same PATCH as a password change, with {@code active} instead. */
    @Override
    public void setActive(String accountId, boolean active) {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(ORACLE_USER);
        body.put("active", active);
        sendStateWrite(HttpMethod.PATCH, http.uri("Users", accountId), body, null);
    }

    @Override
    public List<BulkPasswordResult> setPasswords(Map<String, String> newPasswords) {
        if (newPasswords.isEmpty()) {
            return List.of();
        }
        // The documented request has no "schemas" of its own, only Operations.
        return bulk(json.createObjectNode(), newPasswords, this::passwordOnly);
    }

    private JsonNode passwordOnly(String password) {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(ORACLE_USER);
        body.put("password", password);
        return body;
    }
}

package org.resetflow.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Gluu Server / Janssen, as its forgot-password guide documents it: {@code PUT {base}/Users/{inum}} with
 * {@code Accept} and {@code Content-Type: application/scim+json}, the core User schema and {@code password}, and a
 * bearer token (client credentials, or a static token in test mode). The account id is the user's {@code inum}.
 */
final class GluuDirectory extends ScimDialect {

    GluuDirectory(DirectoryHttp http) {
        super(http);
    }

    @Override
    List<MediaType> accept() {
        return List.of(DirectoryHttp.SCIM_JSON);
    }

    @Override
    public void setPassword(String inum, String newPassword) {
        writeWithOneRetry(inum, false, current -> {
            ObjectNode body = json.createObjectNode();
            body.putArray("schemas").add(CORE_USER);
            body.put("password", newPassword);
            sendWrite(HttpMethod.PUT, http.uri("Users", inum), DirectoryHttp.SCIM_JSON, body, null,
                    newPassword);
        });
    }

    /** Gluu has no PATCH in its guide: the same PUT as a password change, with {@code active} instead. */
    @Override
    public void setActive(String inum, boolean active) {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(CORE_USER);
        body.put("active", active);
        sendStateWrite(HttpMethod.PUT, http.uri("Users", inum), body, null);
    }
}

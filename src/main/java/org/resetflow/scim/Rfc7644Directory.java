package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryConfigurationException;
import org.resetflow.directory.BulkPasswordResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpMethod;

/**
 * A plain RFC 7643/7644 directory ({@code rfc7644}, and {@code auto} with capabilities read from
 * {@code /ServiceProviderConfig}): PatchOp {@code replace} of {@code password}, or, where PATCH is not offered, a PUT
 * of the whole resource as read plus the password, so nothing is wiped. {@code If-Match} is sent when the
 * directory offers ETags; Bulk is used when offered.
 */
final class Rfc7644Directory extends ScimDialect {

    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

    private final Supplier<ScimCapabilities> capabilities;

    /**
     * @param capabilities what writes may use; {@code auto} reads them from {@code /ServiceProviderConfig}, and a
     *                     batch look-up reads its {@code filter.maxResults} from there too (the same read for both)
     */
    Rfc7644Directory(DirectoryHttp http, Supplier<ScimCapabilities> capabilities) {
        super(http, capabilities instanceof ServiceProviderConfig discovered ? discovered
                : new ServiceProviderConfig(http));
        this.capabilities = capabilities;
    }

    @Override
    public void setPassword(String accountId, String newPassword) {
        ScimCapabilities offered = capabilities.get();
        if (!offered.changePassword()) {
            throw new DirectoryConfigurationException("Directory " + http.describe()
                    + " says in /ServiceProviderConfig that it does not support changePassword", 0);
        }
        writeWithOneRetry(accountId, !offered.patch() || offered.etag(), current -> {
            String ifMatch = current == null ? null : current.etag();
            if (offered.patch()) {
                sendWrite(HttpMethod.PATCH, http.uri("Users", accountId), contentType(), patchOp(newPassword),
                        ifMatch, newPassword);
            } else {
                ObjectNode whole = current.resource().deepCopy();
                whole.put("password", newPassword);
                sendWrite(HttpMethod.PUT, http.uri("Users", accountId), contentType(), whole, ifMatch,
                        newPassword);
            }
        });
    }

    /** PatchOp {@code replace active}; without PATCH, a PUT of the whole User as read with {@code active} changed. */
    @Override
    public void setActive(String accountId, boolean active) {
        ScimCapabilities offered = capabilities.get();
        Read current = !offered.patch() || offered.etag() ? readUser(accountId) : null;
        String ifMatch = current == null ? null : current.etag();
        if (offered.patch()) {
            ObjectNode patch = json.createObjectNode();
            patch.putArray("schemas").add(PATCH_OP);
            patch.putArray("Operations").addObject().put("op", "replace").put("path", "active").put("value", active);
            sendStateWrite(HttpMethod.PATCH, http.uri("Users", accountId), patch, ifMatch);
        } else {
            ObjectNode whole = current.resource().deepCopy();
            whole.put("active", active);
            sendStateWrite(HttpMethod.PUT, http.uri("Users", accountId), whole, ifMatch);
        }
    }

    @Override
    public List<BulkPasswordResult> setPasswords(Map<String, String> newPasswords) {
        ScimCapabilities offered = capabilities.get();
        boolean fits = offered.bulkMaxOperations() <= 0 || newPasswords.size() <= offered.bulkMaxOperations();
        if (!offered.bulk() || !offered.patch() || !fits || newPasswords.isEmpty()) {
            return super.setPasswords(newPasswords);
        }
        ObjectNode request = json.createObjectNode();
        request.putArray("schemas").add(BULK_REQUEST);
        return bulk(request, newPasswords, this::patchOp);
    }

    private JsonNode patchOp(String password) {
        ObjectNode patch = json.createObjectNode();
        patch.putArray("schemas").add(PATCH_OP);
        patch.putArray("Operations").addObject().put("op", "replace").put("path", "password").put("value", password);
        return patch;
    }
}

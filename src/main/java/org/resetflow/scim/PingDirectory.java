package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.AccountGoneException;
import org.resetflow.directory.PasswordRequirement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Ping Identity Data Governance Broker, with its sub-resources: {@code /Users/{id}/account} ({@code accountDisabled}
 * makes an account inactive), {@code /Users/{id}/passwordQualityRequirements} (the directory's own rules) and
 * {@code PUT /Users/{id}/password} ({@code newPassword} sets one; without it the server generates one).
 */
final class PingDirectory extends ScimDialect {

    static final String PASSWORD_UPDATE = "urn:pingidentity:schemas:2.0:PasswordUpdateRequest";

    PingDirectory(DirectoryHttp http) {
        super(http);
    }

    @Override
    List<MediaType> accept() {
        return List.of(DirectoryHttp.SCIM_JSON);
    }

    @Override
    List<DirectoryAccount> search(String attribute, String value) {
        List<DirectoryAccount> found = super.search(attribute, value);
        // Only a single match can be reset; more are ambiguous whatever their state, so they cost no extra reads.
        return found.size() == 1 ? List.of(withAccountState(found.get(0))) : found;
    }

    /** As after a single search: only an identifier's one match costs a read of its account state. */
    @Override
    public DirectoryAccount completeMatch(DirectoryAccount account) {
        return withAccountState(account);
    }

    @Override
    public DirectoryAccount readAccount(String accountId) {
        return withAccountState(super.readAccount(accountId));
    }

    private DirectoryAccount withAccountState(DirectoryAccount account) {
        ScimAnswer answer = http.get("read the account state", http.uri("Users", account.id(), "account"),
                accept());
        if (answer.status() == 404) {
            throw new AccountGoneException("Account is no longer in directory " + http.describe());
        }
        if (answer.status() != 200) {
            throw failure("read the account state", answer);
        }
        boolean disabled = parse(answer.body(), "account state").path("accountDisabled").asBoolean(false);
        return account.withActive(account.active() && !disabled);
    }

    /**
     * As the seed shows: read the account state, change {@code accountDisabled}, and replace the whole state, so
     * the broker's other account properties stay as they were.
     */
    @Override
    public void setActive(String accountId, boolean active) {
        java.net.URI account = http.uri("Users", accountId, "account");
        ScimAnswer answer = http.get("read the account state", account, accept());
        if (answer.status() == 404) {
            throw new AccountGoneException("Account is no longer in directory " + http.describe());
        }
        if (answer.status() != 200) {
            throw failure("read the account state", answer);
        }
        ObjectNode state = (ObjectNode) parse(answer.body(), "account state");
        state.put("accountDisabled", !active);
        sendStateWrite(HttpMethod.PUT, account, state, answer.etag());
    }

    @Override
    public List<PasswordRequirement> passwordRequirements(String accountId) {
        JsonNode response = passwordQualityRequirements(accountId);
        List<PasswordRequirement> requirements = new ArrayList<>();
        for (JsonNode rule : response.path("passwordRequirements")) {
            String type = rule.path("type").asText("unknown");
            JsonNode min = rule.path("minPasswordLength");
            Integer minLength = min.isMissingNode() || !min.asText().matches("\\d{1,4}") ? null : min.asInt();
            requirements.add(new PasswordRequirement(type, rule.path("description").asText(null), minLength));
        }
        return List.copyOf(requirements);
    }

    private JsonNode passwordQualityRequirements(String accountId) {
        String operation = "read the password quality requirements";
        ScimAnswer answer = http.get(operation, http.uri("Users", accountId, "passwordQualityRequirements"),
                accept());
        if (answer.status() == 404) {
            throw new AccountGoneException("Account is no longer in directory " + http.describe());
        }
        if (answer.status() != 200) {
            throw failure(operation, answer);
        }
        return parse(answer.body(), "PasswordQualityRequirement");
    }

    @Override
    public void setPassword(String accountId, String newPassword) {
        changePassword(accountId, null, newPassword);
    }

    /** Sets a new password, sending the current one only when given (a directory may require it). */
    void changePassword(String accountId, String currentPassword, String newPassword) {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(PASSWORD_UPDATE);
        if (currentPassword != null) {
            body.put("currentPassword", currentPassword);
        }
        body.put("newPassword", newPassword);
        writeWithOneRetry(accountId, false, current -> sendWrite(HttpMethod.PUT,
                http.uri("Users", accountId, "password"), DirectoryHttp.SCIM_JSON, body, null, newPassword,
                currentPassword));
    }

    /** The seed's "Resetting a user's password": a replace of the password sub-resource without a new password. */
    @Override
    public boolean generatesPasswords() {
        return true;
    }

    @Override
    public String resetToGeneratedPassword(String accountId) {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(PASSWORD_UPDATE);
        ScimAnswer answer = sendWrite(HttpMethod.PUT, http.uri("Users", accountId, "password"),
                DirectoryHttp.SCIM_JSON, body, null);
        String generated = parse(answer.body(), "PasswordUpdateRequest").path("generatedPassword").asText(null);
        if (generated == null || generated.isEmpty()) {
            throw new DirectoryException("Directory " + http.describe() + " reset the password but sent no "
                    + "generatedPassword", answer.status());
        }
        return generated;
    }
}

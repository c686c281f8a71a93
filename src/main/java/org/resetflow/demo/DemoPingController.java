package org.resetflow.demo;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sub-resources Ping Identity's Data Governance Broker adds to a User, served only in the {@code ping}
 * dialect: {@code account} (account state), {@code passwordQualityRequirements} (the rules, see
 * {@link DemoPasswordPolicy}) and {@code password} (change it, or let the directory generate one).
 *
 * <p>The request bodies hold passwords, and a generated password is in the answer: none of them is ever logged.
 */
@RestController
@ConditionalOnDemoMode
@ConditionalOnDemoDialect(DemoDialect.PING)
@RequestMapping(DemoDirectory.SCIM_BASE_PATH + "/Users/{id}")
class DemoPingController extends DemoScimEndpoint {

    static final String ACCOUNT_STATE_SCHEMA = "urn:pingidentity:schemas:2.0:AccountState";

    static final String PASSWORD_UPDATE_SCHEMA = "urn:pingidentity:schemas:2.0:PasswordUpdateRequest";

    private final DemoDirectory directory;

    DemoPingController(DemoDirectory directory, DemoDialect dialect) {
        super(dialect);
        this.directory = directory;
    }

    /** Ping keeps "may log in" apart from the User; the demo derives it from {@code active}, its only source. */
    @GetMapping("/account")
    ResponseEntity<byte[]> account(@PathVariable String id, HttpServletRequest request) throws ScimException {
        GenericScimResource user = this.directory.get(id);
        ObjectNode body = JsonUtils.getJsonNodeFactory().objectNode();
        body.putArray("schemas").add(ACCOUNT_STATE_SCHEMA);
        body.put("accountDisabled", !user.getObjectNode().path("active").asBoolean(false));
        body.putObject("meta")
            .put("resourceType", "Account State")
            .put("location", location(request, "/Users/" + id + "/account"));
        return respond(HttpStatus.OK, body, request);
    }

    /** Ping's way to disable or re-enable: replace the account state; the demo keeps it as {@code active}. */
    @PutMapping("/account")
    ResponseEntity<byte[]> replaceAccount(@PathVariable String id, @RequestBody byte[] body,
            HttpServletRequest request) throws ScimException, IOException {
        ObjectNode json = readJsonObject(body, request);
        requireSchema(json, ACCOUNT_STATE_SCHEMA, "Account state");
        JsonNode disabled = json.get("accountDisabled");
        if (disabled != null && !disabled.isBoolean()) {
            throw BadRequestException.invalidValue("Attribute 'accountDisabled' must be a boolean");
        }
        if (disabled != null) {
            this.directory.patch(id, new com.unboundid.scim2.common.messages.PatchRequest(
                    com.unboundid.scim2.common.messages.PatchOperation.replace("active",
                            JsonUtils.getJsonNodeFactory().booleanNode(!disabled.asBoolean()))));
        }
        return account(id, request);
    }

    @GetMapping("/passwordQualityRequirements")
    ResponseEntity<byte[]> passwordQualityRequirements(@PathVariable String id, HttpServletRequest request)
            throws ScimException {
        this.directory.get(id);
        ObjectNode body = DemoPasswordPolicy.qualityRequirements();
        body.putObject("meta")
            .put("resourceType", "Password Quality Requirements")
            .put("location", location(request, "/Users/" + id + "/passwordQualityRequirements"));
        return respond(HttpStatus.OK, body, request);
    }

    /**
     * With {@code newPassword}: sets it, if it passes the rules ({@code currentPassword}, when sent, must be
     * right). Without: generates one and returns it as {@code generatedPassword}, Ping's reset.
     */
    @PutMapping("/password")
    ResponseEntity<byte[]> password(@PathVariable String id, @RequestBody byte[] body, HttpServletRequest request)
            throws ScimException, IOException {
        ObjectNode json = readJsonObject(body, request);
        requireSchema(json, PASSWORD_UPDATE_SCHEMA, "Password update");
        String currentPassword = optionalText(json, "currentPassword");
        String newPassword = optionalText(json, "newPassword");
        ObjectNode answer = JsonUtils.getJsonNodeFactory().objectNode();
        answer.putArray("schemas").add(PASSWORD_UPDATE_SCHEMA);
        if (newPassword == null) {
            String generated = DemoPasswordPolicy.generate();
            this.directory.changePassword(id, currentPassword, generated);
            answer.put("generatedPassword", generated);
        }
        else {
            DemoPasswordPolicy.checkLength(newPassword);
            this.directory.changePassword(id, currentPassword, newPassword);
        }
        return respond(HttpStatus.OK, answer, request);
    }

    /** A string attribute, or {@code null} when absent; anything else but a non-empty string is refused. */
    private static String optionalText(ObjectNode json, String attribute) throws BadRequestException {
        JsonNode value = json.get(attribute);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw BadRequestException.invalidValue("Attribute '" + attribute + "' must be a non-empty string");
        }
        return value.asText();
    }

}

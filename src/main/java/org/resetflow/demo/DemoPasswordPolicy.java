package org.resetflow.demo;

import java.security.SecureRandom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.utils.JsonUtils;

/**
 * The password rules of the demo directory's Ping dialect, in the two forms Ping has them: listed by
 * {@code passwordQualityRequirements} and enforced by the {@code password} sub-resource. One class, so the rule a
 * user is shown and the rule that refuses a password cannot drift apart.
 *
 * <p>The minimum equals ResetFlow's own default ({@code resetflow.password.min-length}), so a password the page
 * accepts is not refused for its length; "not the current password" is the rule a user can actually trip over.
 */
final class DemoPasswordPolicy {

    static final String QUALITY_REQUIREMENT_SCHEMA = "urn:pingidentity:schemas:2.0:PasswordQualityRequirement";

    static final int MIN_LENGTH = 8;

    static final String MIN_LENGTH_DESCRIPTION = "The password must contain at least " + MIN_LENGTH + " characters.";

    static final String NOT_CURRENT_PASSWORD = "The new password must not be the same as the current password.";

    /** Long enough for any sane policy; no look-alike characters, since a helpdesk may read it out. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.";

    private static final int GENERATED_LENGTH = 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoPasswordPolicy() {
    }

    /** The body of {@code GET /Users/{id}/passwordQualityRequirements}, shaped as Ping documents it. */
    static ObjectNode qualityRequirements() {
        ObjectNode body = JsonUtils.getJsonNodeFactory().objectNode();
        body.putArray("schemas").add(QUALITY_REQUIREMENT_SCHEMA);
        body.put("currentPasswordRequired", false);
        ArrayNode rules = body.putArray("passwordRequirements");
        rules.addObject()
            .put("type", "length")
            .put("description", MIN_LENGTH_DESCRIPTION)
            // A string, as in Ping's example; clients read it either way.
            .put("minPasswordLength", Integer.toString(MIN_LENGTH));
        rules.addObject().put("type", "notCurrentPassword").put("description", NOT_CURRENT_PASSWORD);
        return body;
    }

    /** Refuses a password that is too short; counted in code points, as a user counts characters. */
    static void checkLength(String password) throws BadRequestException {
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw BadRequestException.invalidValue(MIN_LENGTH_DESCRIPTION);
        }
    }

    /** A fresh random password for a reset without {@code newPassword}; the caller returns it and forgets it. */
    static String generate() {
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

}

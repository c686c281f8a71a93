package org.resetflow.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/**
 * A directory's error answer, read leniently: RFC 7644 {@code ErrorResponse} (with {@code status} as a string or a
 * number) and Oracle's {@code {"Errors":[{"description","code"}]}}.
 */
record ScimError(String scimType, String detail) {

    /** RFC 7644 §3.12; any other value is the server's own text, which may quote the request. */
    private static final Set<String> RFC7644_SCIM_TYPES = Set.of("invalidFilter", "tooMany", "uniqueness",
            "mutability", "invalidSyntax", "invalidPath", "noTarget", "invalidValue", "invalidVers", "sensitive");

    static ScimError parse(String body, ObjectMapper json) {
        if (body == null || body.isBlank()) {
            return new ScimError(null, null);
        }
        try {
            JsonNode root = json.readTree(body);
            if (root.has("Errors") && root.get("Errors").isArray() && !root.get("Errors").isEmpty()) {
                return new ScimError(null, text(root.get("Errors").get(0), "description"));
            }
            return new ScimError(text(root, "scimType"), text(root, "detail"));
        } catch (Exception e) {
            return new ScimError(null, null);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** 400 answers to a password write are policy refusals unless the directory says the request itself was bad. */
    boolean isPolicyRejection() {
        if (scimType == null) {
            return true;
        }
        return switch (scimType) {
            case "invalidPath", "noTarget", "mutability", "invalidSyntax", "invalidFilter" -> false;
            default -> true;
        };
    }

    /** The scimType when it is one RFC 7644 defines, else null: only such a value may go into a message or log. */
    String knownScimType() {
        return scimType != null && RFC7644_SCIM_TYPES.contains(scimType) ? scimType : null;
    }
}

package org.resetflow.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A directory's error answer, read leniently: RFC 7644 {@code ErrorResponse} (with {@code status} as a string or a
 * number) and Oracle's {@code {"Errors":[{"description","code"}]}}.
 */
record ScimError(String scimType, String detail) {

    private static final int MAX_DETAIL = 300;

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

    /** A short, single-line reason fit for a page: control characters removed, length bounded. */
    String readableDetail() {
        if (detail == null || detail.isBlank()) {
            return "The directory did not accept this password.";
        }
        String clean = detail.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > MAX_DETAIL ? clean.substring(0, MAX_DETAIL) + "…" : clean;
    }
}

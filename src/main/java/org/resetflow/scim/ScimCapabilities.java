package org.resetflow.scim;

import com.fasterxml.jackson.databind.JsonNode;

/** What an RFC 7644 directory offers, as {@code /ServiceProviderConfig} (RFC 7643 §5) tells it. */
record ScimCapabilities(boolean patch, boolean bulk, int bulkMaxOperations, boolean changePassword, boolean etag) {

    /** Assumed when the dialect is configured as {@code rfc7644}: PATCH, no Bulk, no ETags. */
    static final ScimCapabilities RFC7644_DEFAULTS = new ScimCapabilities(true, false, 0, true, false);

    static ScimCapabilities of(JsonNode config) {
        return new ScimCapabilities(
                supported(config, "patch"),
                supported(config, "bulk"),
                config.path("bulk").path("maxOperations").asInt(0),
                supported(config, "changePassword"),
                supported(config, "etag"));
    }

    private static boolean supported(JsonNode config, String feature) {
        JsonNode value = config.path(feature).path("supported");
        return value.isBoolean() ? value.booleanValue() : "true".equalsIgnoreCase(value.asText());
    }
}

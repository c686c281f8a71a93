package org.resetflow.scim;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an RFC 7644 directory offers, as {@code /ServiceProviderConfig} (RFC 7643 §5) tells it.
 *
 * @param filterMaxResults the most resources one search answer holds ({@code filter.maxResults}); 0 when not told
 */
record ScimCapabilities(boolean patch, boolean bulk, int bulkMaxOperations, boolean changePassword, boolean etag,
                        boolean filter, int filterMaxResults) {

    /** Capabilities that say nothing about filtering. */
    ScimCapabilities(boolean patch, boolean bulk, int bulkMaxOperations, boolean changePassword, boolean etag) {
        this(patch, bulk, bulkMaxOperations, changePassword, etag, false, 0);
    }

    /** Assumed when the dialect is configured as {@code rfc7644}: PATCH, no Bulk, no ETags. */
    static final ScimCapabilities RFC7644_DEFAULTS = new ScimCapabilities(true, false, 0, true, false);

    static ScimCapabilities of(JsonNode config) {
        return new ScimCapabilities(
                supported(config, "patch"),
                supported(config, "bulk"),
                config.path("bulk").path("maxOperations").asInt(0),
                supported(config, "changePassword"),
                supported(config, "etag"),
                supported(config, "filter"),
                config.path("filter").path("maxResults").asInt(0));
    }

    private static boolean supported(JsonNode config, String feature) {
        JsonNode value = config.path(feature).path("supported");
        return value.isBoolean() ? value.booleanValue() : "true".equalsIgnoreCase(value.asText());
    }
}

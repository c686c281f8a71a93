/**
 * The directory: a SCIM 2.0 client in four dialects behind one {@link org.resetflow.scim.Directory} (RFC 7644 with
 * an {@code auto} mode reading {@code /ServiceProviderConfig}, Gluu/Janssen, Oracle HCM, Ping), one shared HTTP layer
 * (credentials incl. OAuth 2.0 client credentials, retries with back-off, the same error mapping for all dialects),
 * the eligibility rules for a reset, and the BPMN delegates that look an account up and set its password. See
 * {@code docs/dialects.md}.
 */
package org.resetflow.scim;

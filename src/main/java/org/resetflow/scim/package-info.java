/**
 * The directory as a SCIM 2.0 server: a client in four dialects behind {@link org.resetflow.directory.Directory}
 * (RFC 7644 with an {@code auto} mode reading {@code /ServiceProviderConfig}, Gluu/Janssen, Oracle HCM, Ping), one
 * shared HTTP layer (credentials incl. OAuth 2.0 client credentials, retries with back-off, the same error mapping for
 * all dialects). See {@code docs/dialects.md}.
 */
package org.resetflow.scim;

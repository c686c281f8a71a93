/**
 * The directory: a SCIM 2.0 client (RFC 7643/7644 over Spring's RestClient, with the UnboundID SCIM model and
 * escaping filter builder), the eligibility rules for a reset, and the BPMN delegates that look an account up and
 * set its password.
 */
package org.resetflow.scim;

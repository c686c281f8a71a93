/**
 * The account directory as the reset sees it, whatever it speaks: the {@link org.resetflow.directory.Directory}
 * interface and its values and failures, the eligibility rules of a look-up ({@link
 * org.resetflow.directory.AccountLookup}, single and batched), and the BPMN delegates that set or generate a password
 * through it. The SCIM dialects ({@code scim}) and the LDAP dialects ({@code ldap}) implement the interface; nothing
 * here knows which one runs. See {@code docs/dialects.md}.
 */
package org.resetflow.directory;

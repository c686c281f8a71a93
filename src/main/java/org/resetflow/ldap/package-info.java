/**
 * The directory as an LDAP server, behind the same {@link org.resetflow.directory.Directory} as SCIM: OpenLDAP and other
 * RFC servers (Password Modify with the password policy control, ppolicy lockouts) and Active Directory
 * ({@code unicodePwd} over TLS, {@code userAccountControl}, {@code lockoutTime}), one connection layer with TLS,
 * timeouts and the SCIM client's retry rules, and the choice between SCIM and LDAP ({@link
 * org.resetflow.ldap.DirectoryKind}). See {@code docs/dialects.md}.
 */
package org.resetflow.ldap;

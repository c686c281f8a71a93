package org.resetflow.ldap;

/**
 * An LDAP server this application runs itself (the demo's, in demo mode with {@code resetflow.demo.directory=ldap}):
 * when a bean of this type exists, the LDAP directory talks to it on loopback instead of {@code resetflow.ldap.url}.
 */
public interface EmbeddedLdapServer {

    /** The loopback port it listens on, plain LDAP. */
    int port();

    String baseDn();

    String bindDn();

    String bindPassword();
}

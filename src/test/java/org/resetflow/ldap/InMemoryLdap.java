package org.resetflow.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import java.net.InetAddress;
import java.time.Duration;

/**
 * UnboundID's in-memory LDAP server on a free loopback port, for the fast tests: {@code ou=people,dc=resetflow,dc=test}
 * with the service account {@code cn=resetflow,dc=resetflow,dc=test}, and an interceptor a test may use to watch or
 * disturb what reaches the server.
 */
final class InMemoryLdap implements AutoCloseable {

    static final String BASE = "dc=resetflow,dc=test";
    static final String PEOPLE = "ou=people," + BASE;
    static final String SERVICE_DN = "cn=resetflow," + BASE;
    static final String SERVICE_PASSWORD = "in-memory-service-secret";

    final InMemoryDirectoryServer server;

    InMemoryLdap(InMemoryOperationInterceptor interceptor, String... uids) throws LDAPException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials(SERVICE_DN, SERVICE_PASSWORD);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(),
                0, null));
        if (interceptor != null) {
            config.addInMemoryOperationInterceptor(interceptor);
        }
        server = new InMemoryDirectoryServer(config);
        server.add(new com.unboundid.ldap.sdk.Entry(BASE, new com.unboundid.ldap.sdk.Attribute("objectClass",
                "domain"), new com.unboundid.ldap.sdk.Attribute("dc", "resetflow")));
        server.add(new com.unboundid.ldap.sdk.Entry(PEOPLE, new com.unboundid.ldap.sdk.Attribute("objectClass",
                "organizationalUnit"), new com.unboundid.ldap.sdk.Attribute("ou", "people")));
        for (String uid : uids) {
            addPerson(uid);
        }
        server.startListening();
    }

    /** A person whose uid is {@code uid} exactly, escaped into its DN as RFC 4514 asks. */
    String addPerson(String uid) throws LDAPException {
        String dn = new com.unboundid.ldap.sdk.DN(new com.unboundid.ldap.sdk.RDN("uid", uid),
                new com.unboundid.ldap.sdk.DN(PEOPLE)).toString();
        server.add(new com.unboundid.ldap.sdk.Entry(dn,
                new com.unboundid.ldap.sdk.Attribute("objectClass", "inetOrgPerson"),
                new com.unboundid.ldap.sdk.Attribute("uid", uid),
                new com.unboundid.ldap.sdk.Attribute("cn", uid),
                new com.unboundid.ldap.sdk.Attribute("sn", uid),
                new com.unboundid.ldap.sdk.Attribute("mail", uid.replaceAll("[^a-z]", "") + "@resetflow.test"),
                new com.unboundid.ldap.sdk.Attribute("userPassword", "Initial-Passw0rd")));
        return dn;
    }

    LdapProperties properties(int attempts, Duration readTimeout) {
        return new LdapProperties("ldap://127.0.0.1:" + server.getListenPort(), LdapProperties.Dialect.OPENLDAP,
                PEOPLE, SERVICE_DN, SERVICE_PASSWORD, false, true, "", 2, Duration.ofSeconds(2), readTimeout,
                new LdapProperties.Retry(attempts, Duration.ofMillis(10), Duration.ofMillis(20),
                        Duration.ofSeconds(5)));
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}

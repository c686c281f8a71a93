package org.resetflow.demo;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldif.LDIFException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.resetflow.ldap.ConditionalOnDirectoryKind;
import org.resetflow.ldap.DirectoryKind;
import org.resetflow.ldap.EmbeddedLdapServer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The demo's LDAP directory ({@code resetflow.demo.directory=ldap}): UnboundID's in-memory server on a free loopback
 * port, holding the SCIM demo directory's users as OpenLDAP would (carol disabled with ppolicy's administrator lock),
 * and two users locked out after wrong passwords (frank; grace, a member of the privileged group "admins"),
 * so the LDAP path can be tried with one command. The service account's password is made up at start and never
 * shown; the users' passwords are too, until a reset sets one.
 */
@Component
@ConditionalOnDemoMode
@ConditionalOnDirectoryKind(DirectoryKind.LDAP)
class DemoLdapServer implements EmbeddedLdapServer, DisposableBean {

    static final String BASE = "dc=example,dc=org";
    static final String PEOPLE = "ou=people," + BASE;
    static final String SERVICE_DN = "cn=resetflow," + BASE;
    /** A ppolicy lockout after too many wrong passwords, as slapd writes it. */
    static final String LOCKED_OUT_AT = "20261201080000Z";

    private final InMemoryDirectoryServer server;
    private final String servicePassword = randomPassword();
    private final Map<String, Instant> passwordChangedAt = new ConcurrentHashMap<>();

    DemoLdapServer(ObjectProvider<Clock> clock) throws LDAPException, LDIFException {
        Clock time = clock.getIfUnique(Clock::systemUTC);
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        // ppolicy's operational attributes are not in the SDK's standard schema; the demo does without checking.
        config.setSchema(null);
        config.addAdditionalBindCredentials(SERVICE_DN, servicePassword);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(),
                0, null));
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processExtendedResult(InMemoryInterceptedExtendedResult result) {
                if (result.getResult().getResultCode() != ResultCode.SUCCESS || !PasswordModifyExtendedRequest
                        .PASSWORD_MODIFY_REQUEST_OID.equals(result.getRequest().getOID())) {
                    return;
                }
                try {
                    // The server hands interceptors the generic request; decoded, it names the account.
                    String account = new PasswordModifyExtendedRequest(result.getRequest()).getUserIdentity();
                    passwordChangedAt.put(new DN(account).toNormalizedString(), time.instant());
                } catch (LDAPException e) {
                    // not a DN: no row of the page to mark
                }
            }
        });
        server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: domain", "dc: example");
        server.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
        person("alice", "alice@example.org", "Alice Adams", null);
        person("bob", "bob@example.org", "Bob Brown", null);
        person("carol", "carol@example.org", "Carol Clark", "000001010000Z");
        person("dave", "shared@example.org", "Dave Davis", null);
        person("erin", "shared@example.org", "Erin Evans", null);
        // Locked out after wrong passwords (ppolicy's lockout time, not the administrator lock): the self-service
        // unlock unlocks frank; grace is in the privileged group, where the shipped policy offers no unlock.
        person("frank", "frank@example.org", "Frank Fischer", LOCKED_OUT_AT);
        person("grace", "grace@example.org", "Grace Green", LOCKED_OUT_AT);
        server.modify("dn: uid=grace," + PEOPLE, "changetype: modify", "add: memberOf", "memberOf: cn=admins,"
                + BASE);
        server.startListening();
    }

    private void person(String uid, String mail, String name, String lockedTime)
            throws LDAPException, LDIFException {
        String dn = "uid=" + uid + "," + PEOPLE;
        server.add("dn: " + dn, "objectClass: inetOrgPerson", "uid: " + uid, "mail: " + mail, "cn: " + name,
                "sn: " + name.substring(name.indexOf(' ') + 1), "displayName: " + name,
                "userPassword: " + randomPassword());
        if (lockedTime != null) {
            server.modify("dn: " + dn, "changetype: modify", "replace: pwdAccountLockedTime",
                    "pwdAccountLockedTime: " + lockedTime);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    @Override
    public int port() {
        return server.getListenPort();
    }

    @Override
    public String baseDn() {
        return PEOPLE;
    }

    @Override
    public String bindDn() {
        return SERVICE_DN;
    }

    @Override
    public String bindPassword() {
        return servicePassword;
    }

    /** The rows of {@code /demo/directory}: never a password or hash. */
    List<DemoDirectory.DirectoryEntry> entries() {
        try {
            return server.search(PEOPLE, com.unboundid.ldap.sdk.SearchScope.ONE, "(uid=*)", "uid", "mail",
                    "pwdAccountLockedTime").getSearchEntries().stream()
                    .sorted(java.util.Comparator.comparing((SearchResultEntry e) -> e.getAttributeValue("uid")))
                    .map(entry -> new DemoDirectory.DirectoryEntry(entry.getDN(), entry.getAttributeValue("uid"),
                            entry.getAttributeValue("mail"),
                            !"000001010000Z".equals(entry.getAttributeValue("pwdAccountLockedTime")),
                            passwordChangedAt.get(normalized(entry.getDN()))))
                    .toList();
        } catch (LDAPException e) {
            return List.of();
        }
    }

    private static String normalized(String dn) {
        try {
            return new DN(dn).toNormalizedString();
        } catch (LDAPException e) {
            return dn;
        }
    }

    @Override
    public void destroy() {
        server.shutDown(true);
    }
}

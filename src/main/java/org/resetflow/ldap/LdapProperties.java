package org.resetflow.ldap;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * An LDAP or Active Directory server as the directory, instead of SCIM ({@code resetflow.scim.base-url}; setting both
 * refuses to start). The service account's password comes from the environment
 * ({@code RESETFLOW_LDAP_BIND_PASSWORD}), never from the repository.
 *
 * @param url           {@code ldaps://host:636} or {@code ldap://host:389} (then with {@code start-tls}, or with
 *                      {@code allow-plain} outside production); blank: no LDAP directory
 * @param dialect       {@code openldap} (RFC servers: Password Modify, ppolicy) or {@code active-directory}
 * @param baseDn        where accounts are searched, the whole subtree
 * @param bindDn        the service account
 * @param bindPassword  its password, from the environment
 * @param startTls      upgrade an {@code ldap://} connection with StartTLS before binding
 * @param allowPlain    the one switch for plain LDAP (no TLS at all): for tests on loopback; logs a warning at
 *                      start-up, and the Active Directory dialect refuses it (AD writes passwords over TLS only)
 * @param caFile        a PEM file of the certificates to trust for TLS (a private CA, a test server's own); blank:
 *                      the JVM's trust store
 * @param poolSize      connections kept open to the server
 */
@Validated
@ConfigurationProperties("resetflow.ldap")
record LdapProperties(
        @DefaultValue("") String url,
        @NotNull @DefaultValue("openldap") Dialect dialect,
        @DefaultValue("") String baseDn,
        @DefaultValue("") String bindDn,
        @DefaultValue("") String bindPassword,
        @DefaultValue("false") boolean startTls,
        @DefaultValue("false") boolean allowPlain,
        @DefaultValue("") String caFile,
        @Min(1) @DefaultValue("4") int poolSize,
        @NotNull @DefaultValue("3s") Duration connectTimeout,
        @NotNull @DefaultValue("5s") Duration readTimeout,
        @Valid @NotNull @DefaultValue Retry retry) {

    enum Dialect { OPENLDAP, ACTIVE_DIRECTORY }

    /**
     * The SCIM client's retries, the same defaults: {@code attempts} in all, waiting {@code backoff}, then twice that,
     * capped at {@code maxBackoff}, none started after {@code deadline}.
     */
    record Retry(@Min(1) @DefaultValue("3") int attempts,
                 @NotNull @DefaultValue("200ms") Duration backoff,
                 @NotNull @DefaultValue("2s") Duration maxBackoff,
                 @NotNull @DefaultValue("8s") Duration deadline) {
    }

    @Override
    public String toString() {
        // Never print the bind password, even in a configuration dump.
        return "LdapProperties[url=" + url + ", dialect=" + dialect + ", baseDn=" + baseDn + ", bindDn=" + bindDn
                + ", startTls=" + startTls + ", allowPlain=" + allowPlain + ", caFile=" + caFile + "]";
    }
}

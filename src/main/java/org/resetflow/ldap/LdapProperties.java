package org.resetflow.ldap;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * An LDAP or Active Directory server as the directory, instead of SCIM. The service account's password comes from the
 * environment ({@code RESETFLOW_LDAP_BIND_PASSWORD}), never from the repository.
 *
 * @param url            the LDAP server, {@code ldaps://host:636} or {@code ldap://host:389} (then with
 *                       {@code start-tls}); empty: the directory is SCIM ({@code resetflow.scim.base-url}). Setting
 *                       both refuses to start; set it together with {@code spring.mail.host}
 * @param dialect        what the server is: {@code openldap} (OpenLDAP and other RFC servers: Password Modify with
 *                       the password policy control) or {@code active-directory} ({@code unicodePwd}, TLS only); see
 *                       docs/dialects.md
 * @param baseDn         where accounts are searched (the whole subtree); an account id outside it is no account
 * @param bindDn         the service account's DN
 * @param bindPassword   the service account's password, only from the environment
 *                       ({@code RESETFLOW_LDAP_BIND_PASSWORD}). Never written to the log
 * @param startTls       upgrade an {@code ldap://} connection with StartTLS before the bind
 * @param allowPlain     plain LDAP without TLS, for a test server on loopback only: logs a warning at start-up; the
 *                       {@code active-directory} dialect refuses it all the same
 * @param caFile         a PEM file with the certificates to trust for TLS (a private CA); empty: the JVM's trust
 *                       store. The server's host name is always checked
 * @param poolSize       connections kept open to the server at most
 * @param connectTimeout the connection of one attempt
 * @param readTimeout    the wait for one answer; a user waits on the password page for at most about
 *                       {@code connectTimeout + readTimeout + retry.deadline}
 * @param retry          in-process retries of one directory call: reads on a lost, busy or unavailable server;
 *                       password writes only when they surely did not land
 * @param search         how many identifiers of a look-up go to the server in one search
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
        @Valid @NotNull @DefaultValue Retry retry,
        @Valid @NotNull @DefaultValue Search search) {

    @ConstructorBinding
    LdapProperties {
    }

    /** Settings without {@code search}: the default batches. */
    LdapProperties(String url, Dialect dialect, String baseDn, String bindDn, String bindPassword, boolean startTls,
                   boolean allowPlain, String caFile, int poolSize, Duration connectTimeout, Duration readTimeout,
                   Retry retry) {
        this(url, dialect, baseDn, bindDn, bindPassword, startTls, allowPlain, caFile, poolSize, connectTimeout,
                readTimeout, retry, new Search(Search.DEFAULT_MAX_BATCH));
    }

    enum Dialect { OPENLDAP, ACTIVE_DIRECTORY }

    /**
     * The SCIM client's retries, the same defaults: {@code attempts} in all, waiting {@code backoff}, then twice that,
     * capped at {@code maxBackoff}, none started after {@code deadline}.
     *
     * @param attempts   attempts in all, the first included; 1: no retry
     * @param backoff    the wait before the first retry, doubled before each further one
     * @param maxBackoff the longest wait between two attempts
     * @param deadline   no retry starts later than this after the first attempt
     */
    record Retry(@Min(1) @DefaultValue("3") int attempts,
                 @NotNull @DefaultValue("200ms") Duration backoff,
                 @NotNull @DefaultValue("2s") Duration maxBackoff,
                 @NotNull @DefaultValue("8s") Duration deadline) {
    }

    /**
     * Batched look-ups: one search with an {@code or} of the single look-ups' equality filters, for up to
     * {@code maxBatch} identifiers at a time, asking for at most two entries per single search it replaces (more
     * than one is ambiguous anyway). A server that refuses such a search (its own size or administrative limit,
     * unwilling to perform) gets the batch in halves, down to one search per identifier.
     *
     * @param maxBatch identifiers per search at most; 1: one identifier per search (an address still costs one
     *                 search for both its user name and its address, instead of two)
     */
    record Search(@Min(1) @DefaultValue("50") int maxBatch) {

        static final int DEFAULT_MAX_BATCH = 50;
    }

    @Override
    public String toString() {
        // Never print the bind password, even in a configuration dump.
        return "LdapProperties[url=" + url + ", dialect=" + dialect + ", baseDn=" + baseDn + ", bindDn=" + bindDn
                + ", startTls=" + startTls + ", allowPlain=" + allowPlain + ", caFile=" + caFile + "]";
    }
}

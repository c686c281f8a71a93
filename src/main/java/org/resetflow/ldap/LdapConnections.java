package org.resetflow.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.FullLDAPInterface;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Set;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import org.resetflow.directory.DirectoryConfigurationException;
import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.PasswordWriteOutcomeUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections to one LDAP server, the same for both dialects: TLS (LDAPS or StartTLS, host name checked) unless
 * plain LDAP was switched on explicitly, the service account bound on every connection, timeouts, and the SCIM
 * client's retry rules (see {@code scim.DirectoryHttp}): reads are retried on a lost or busy server within one
 * deadline; a write only when it surely did not land (no connection was made, or the server said busy or
 * unavailable). A write sent without an answer is a {@link PasswordWriteOutcomeUnknownException}, never repeated.
 *
 * <p>Every LDAP operation, the service account's bind included, is timed as {@code resetflow.directory.calls}
 * ({@link LdapCallTimer}).
 *
 * <p>Messages name the server, the operation and the LDAP result code. Never the server's diagnostic text: a server
 * may quote the request, and a request may carry a password.
 */
final class LdapConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LdapConnections.class);

    /** Answers that mean the server did not do the operation and may well do it a moment later. */
    private static final Set<ResultCode> BUSY = Set.of(ResultCode.BUSY, ResultCode.UNAVAILABLE);

    /** Waits between attempts; a field so tests can count the waits instead of sleeping. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * One LDAP exchange on a connection of the pool. A dialect ends it with its own unchecked exception (a policy
     * refusal, a vanished account), which passes the retry loop untouched.
     */
    interface Call<T> {
        T on(FullLDAPInterface connection) throws LDAPException;
    }

    private final LdapProperties properties;
    private final String host;
    private final int port;
    private final SingleServerSet servers;
    private final PostConnectProcessor startTls;
    private final SimpleBindRequest bind;
    private final Sleeper sleeper;
    private final boolean encrypted;
    private final LdapCallTimer timer;
    private volatile LDAPConnectionPool pool;
    /** The pool, its operations timed. */
    private volatile FullLDAPInterface timedPool;

    LdapConnections(LdapProperties properties) {
        this(properties, new SimpleMeterRegistry());
    }

    LdapConnections(LdapProperties properties, MeterRegistry meters) {
        this(properties, duration -> Thread.sleep(duration.toMillis()), meters);
    }

    LdapConnections(LdapProperties properties, Sleeper sleeper) {
        this(properties, sleeper, new SimpleMeterRegistry());
    }

    LdapConnections(LdapProperties properties, Sleeper sleeper, MeterRegistry meters) {
        this.properties = properties;
        this.sleeper = sleeper;
        this.timer = new LdapCallTimer(meters);
        LDAPURL url;
        try {
            url = new LDAPURL(properties.url().trim());
        } catch (LDAPException e) {
            throw new IllegalStateException("resetflow.ldap.url is not an LDAP URL (ldaps://host:636 or "
                    + "ldap://host:389)");
        }
        this.host = url.getHost();
        this.port = url.getPort();
        boolean ldaps = "ldaps".equalsIgnoreCase(url.getScheme());
        require(properties);
        if (ldaps && properties.startTls()) {
            throw new IllegalStateException("resetflow.ldap.start-tls is for ldap:// URLs; an ldaps:// URL is TLS "
                    + "from the start");
        }
        boolean tls = ldaps || properties.startTls();
        this.encrypted = tls;
        if (!tls && !properties.allowPlain()) {
            throw new IllegalStateException("resetflow.ldap.url " + describe() + " is plain LDAP: use ldaps://, or "
                    + "set resetflow.ldap.start-tls=true. Only for a test server on loopback: "
                    + "resetflow.ldap.allow-plain=true");
        }
        if (!tls) {
            log.warn("LDAP directory {} is reached over plain LDAP (resetflow.ldap.allow-plain=true): the service "
                    + "account's password and every new password cross the network readable. Never in production.",
                    describe());
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) properties.connectTimeout().toMillis());
        options.setResponseTimeoutMillis(properties.readTimeout().toMillis());
        options.setAbandonOnTimeout(true);
        // Retries are ours (reads only, and writes only when surely not sent): the SDK would repeat a write.
        options.setAutoReconnect(false);
        SocketFactory sockets = null;
        SSLContext context = null;
        if (tls) {
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
            context = sslContext(properties);
            if (ldaps) {
                sockets = context.getSocketFactory();
            }
        }
        this.servers = sockets == null ? new SingleServerSet(host, port, options)
                : new SingleServerSet(host, port, sockets, options);
        this.startTls = properties.startTls() ? new StartTLSPostConnectProcessor(context) : null;
        this.bind = new SimpleBindRequest(properties.bindDn(), properties.bindPassword());
    }

    /** Fails at start-up, naming the missing settings (never a value), instead of at the first reset. */
    private static void require(LdapProperties properties) {
        StringBuilder missing = new StringBuilder();
        if (properties.baseDn().isBlank()) {
            missing.append("resetflow.ldap.base-dn");
        }
        if (properties.bindDn().isBlank()) {
            missing.append(missing.isEmpty() ? "" : ", ").append("resetflow.ldap.bind-dn");
        }
        if (properties.bindPassword().isBlank()) {
            missing.append(missing.isEmpty() ? "" : ", ")
                    .append("resetflow.ldap.bind-password (from the environment: RESETFLOW_LDAP_BIND_PASSWORD)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("resetflow.ldap.url is set but " + missing + " is not");
        }
    }

    private static SSLContext sslContext(LdapProperties properties) {
        try {
            SSLUtil ssl = properties.caFile().isBlank() ? new SSLUtil()
                    : new SSLUtil(new PEMFileTrustManager(new File(properties.caFile())));
            return ssl.createSSLContext();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("resetflow.ldap.ca-file " + properties.caFile()
                    + " cannot be read as PEM certificates: " + e.getClass().getSimpleName());
        }
    }

    /** For messages: host and port, never a DN or a credential. */
    String describe() {
        return host + ":" + port;
    }

    /** Whether every connection is TLS (LDAPS or StartTLS). */
    boolean encrypted() {
        return encrypted;
    }

    String baseDn() {
        return properties.baseDn();
    }

    Duration readTimeout() {
        return properties.readTimeout();
    }

    /** Identifiers per batch search at most ({@code resetflow.ldap.search.max-batch}). */
    int maxBatch() {
        return properties.search().maxBatch();
    }

    /** A read, retried on a lost, busy or unreachable server within the deadline. */
    <T> T read(String operation, Call<T> call) {
        return run(operation, call, true);
    }

    /** A write, sent at most once unless it surely did not land. */
    <T> T write(String operation, Call<T> call) {
        return run(operation, call, false);
    }

    /**
     * One fresh connection, bound as the service account, and one call on it, with no retry: what a health check
     * needs to know is whether a reset could bind and search right now.
     */
    <T> T probe(String operation, Call<T> call) {
        Timer.Sample connecting = timer.start();
        LDAPConnection connection;
        try {
            connection = servers.getConnection();
        } catch (LDAPException e) {
            // No connection, so the bind it was for never left.
            timer.unreachable("bind", connecting);
            throw failure(operation, e.getResultCode(), 1);
        }
        try (connection) {
            if (startTls != null) {
                startTls.processPreAuthenticatedConnection(connection);
            }
            FullLDAPInterface timed = timer.timed(connection);
            timed.bind(bind.duplicate());
            return call.on(timed);
        } catch (LDAPException e) {
            throw failure(operation, e.getResultCode(), 1);
        }
    }

    private <T> T run(String operation, Call<T> call, boolean repeatable) {
        long deadline = System.nanoTime() + properties.retry().deadline().toNanos();
        ResultCode last = null;
        int attempt = 0;
        while (attempt < properties.retry().attempts()) {
            attempt++;
            try {
                return call.on(pool());
            } catch (LDAPException e) {
                ResultCode code = e.getResultCode();
                last = code;
                if (refusedCredentials(code)) {
                    throw refused(operation, code);
                }
                boolean retriable = BUSY.contains(code) || !code.isConnectionUsable();
                if (!retriable) {
                    throw failure(operation, code, attempt);
                }
                if (!repeatable && !surelyNotSent(code)) {
                    throw new PasswordWriteOutcomeUnknownException("LDAP directory " + describe() + " gave no answer"
                            + " to " + operation + " (" + code.getName() + "); not sent again", code.intValue());
                }
                if (!pause(operation, attempt, deadline)) {
                    break;
                }
            }
        }
        throw failure(operation, last, attempt);
    }

    /** The connection never got to the server, or the server turned the operation away before doing it. */
    private static boolean surelyNotSent(ResultCode code) {
        return code == ResultCode.CONNECT_ERROR || BUSY.contains(code);
    }

    static boolean refusedCredentials(ResultCode code) {
        return code == ResultCode.INVALID_CREDENTIALS || code == ResultCode.INAPPROPRIATE_AUTHENTICATION
                || code == ResultCode.INSUFFICIENT_ACCESS_RIGHTS || code == ResultCode.STRONG_AUTH_REQUIRED
                || code == ResultCode.CONFIDENTIALITY_REQUIRED;
    }

    DirectoryException failure(String operation, ResultCode code, int attempts) {
        if (code != null && refusedCredentials(code)) {
            return refused(operation, code);
        }
        String what = code == null ? "no answer" : code.getName() + " (" + code.intValue() + ")";
        return new DirectoryException("LDAP directory " + describe() + " failed to " + operation + ": " + what
                + " after " + attempts + " attempt" + (attempts == 1 ? "" : "s"),
                code == null ? 0 : code.intValue());
    }

    private DirectoryConfigurationException refused(String operation, ResultCode code) {
        return new DirectoryConfigurationException("LDAP directory " + describe() + " refused ResetFlow's service "
                + "account for " + operation + ": " + code.getName() + " (" + code.intValue() + "); check "
                + "resetflow.ldap.bind-dn, RESETFLOW_LDAP_BIND_PASSWORD and the account's rights", code.intValue());
    }

    /** Waits before the next attempt; false when there is none left, or no time for it before the deadline. */
    private boolean pause(String operation, int attempt, long deadline) {
        if (attempt >= properties.retry().attempts()) {
            return false;
        }
        Duration wait = properties.retry().backoff().multipliedBy(1L << Math.min(attempt - 1, 16));
        if (wait.compareTo(properties.retry().maxBackoff()) > 0) {
            wait = properties.retry().maxBackoff();
        }
        if (System.nanoTime() + wait.toNanos() >= deadline) {
            return false;
        }
        log.debug("LDAP directory {}: retrying {} in {} ms (attempt {} of {})", describe(), operation,
                wait.toMillis(), attempt + 1, properties.retry().attempts());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryException("Interrupted while waiting to retry " + operation + " at " + describe(), 0);
        }
        return true;
    }

    /**
     * The pool, its operations timed, made at the first call without a connection: a server that is down at
     * start-up delays no start, and shows in health instead. Each connection is made when a call needs one, and bound
     * then (timed as a {@code bind}); a failure to connect fails that call, as {@code unreachable}.
     */
    private FullLDAPInterface pool() throws LDAPException {
        FullLDAPInterface current = timedPool;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (timedPool == null) {
                LDAPConnectionPool made = new LDAPConnectionPool(servers, null, 0, properties.poolSize(),
                        new BindAsServiceAccount());
                made.setRetryFailedOperationsDueToInvalidConnections(false);
                // Servers drop idle connections (AD after 15 minutes); a pooled one is replaced well before that.
                made.setMaxConnectionAgeMillis(Duration.ofMinutes(5).toMillis());
                pool = made;
                timedPool = timer.timed(made);
            }
            return timedPool;
        }
    }

    /** StartTLS where configured, then the service account's bind, on every new connection of the pool. */
    private final class BindAsServiceAccount implements PostConnectProcessor {

        @Override
        public void processPreAuthenticatedConnection(LDAPConnection connection) throws LDAPException {
            if (startTls != null) {
                startTls.processPreAuthenticatedConnection(connection);
            }
        }

        @Override
        public void processPostAuthenticatedConnection(LDAPConnection connection) throws LDAPException {
            timer.timed(connection).bind(bind.duplicate());
        }
    }

    @Override
    public void close() {
        LDAPConnectionPool current = pool;
        if (current != null) {
            current.close();
        }
    }
}

package org.resetflow.ldap;

import com.unboundid.ldap.sdk.FullLDAPInterface;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;

/**
 * {@code resetflow.directory.calls}, the SCIM client's meter ({@code scim.DirectoryCallTimer}), for LDAP: every LDAP
 * operation, each retry on its own, timed and tagged by {@code method}, the operation ({@code search}, {@code bind},
 * {@code extended}, {@code modify}, ...), and {@code outcome}: {@code success}, {@code client-error},
 * {@code refused-credentials}, {@code busy}, {@code server-error}, {@code unreachable}. Never a DN, a filter or a
 * value: they hold what the user typed.
 *
 * <p>It wraps the connection (or the pool) a call runs on, so every operation a dialect sends is timed where it
 * runs, and none can be forgotten by a new one.
 */
final class LdapCallTimer {

    static final String METER = "resetflow.directory.calls";

    /** The LDAP operation behind each method of {@link FullLDAPInterface} that sends one; the rest pass untimed. */
    private static final Map<String, String> OPERATIONS = Map.ofEntries(Map.entry("search", "search"),
            Map.entry("searchForEntry", "search"), Map.entry("getEntry", "search"), Map.entry("getRootDSE", "search"),
            Map.entry("getSchema", "search"), Map.entry("bind", "bind"),
            Map.entry("processExtendedOperation", "extended"), Map.entry("modify", "modify"),
            Map.entry("add", "add"), Map.entry("delete", "delete"), Map.entry("compare", "compare"),
            Map.entry("modifyDN", "modify-dn"));

    /** The server did what was asked: found nothing is a success too, and so is the size limit ResetFlow set. */
    private static final Set<ResultCode> SUCCESS = Set.of(ResultCode.SUCCESS, ResultCode.COMPARE_TRUE,
            ResultCode.COMPARE_FALSE, ResultCode.SIZE_LIMIT_EXCEEDED);

    /** The server's own failures, whatever they mean for the connection (the SDK drops it after 1 and 80). */
    private static final Set<ResultCode> SERVER_ERROR = Set.of(ResultCode.OPERATIONS_ERROR, ResultCode.OTHER,
            ResultCode.TIME_LIMIT_EXCEEDED, ResultCode.LOOP_DETECT);

    private final MeterRegistry registry;

    LdapCallTimer(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The same connection or pool, its operations timed. */
    FullLDAPInterface timed(FullLDAPInterface target) {
        return (FullLDAPInterface) Proxy.newProxyInstance(FullLDAPInterface.class.getClassLoader(),
                new Class<?>[] {FullLDAPInterface.class}, (proxy, method, args) -> invoke(target, method, args));
    }

    /** An operation that never left: no connection could be made for it. */
    void unreachable(String operation, Timer.Sample sample) {
        sample.stop(timer(operation, "unreachable"));
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    private Object invoke(FullLDAPInterface target, Method method, Object[] args) throws Throwable {
        String operation = OPERATIONS.get(method.getName());
        if (operation == null) {
            return unwrapped(target, method, args);
        }
        Timer.Sample sample = Timer.start(registry);
        String outcome = "client-error";
        try {
            Object result = unwrapped(target, method, args);
            outcome = result instanceof LDAPResult answer ? outcome(answer.getResultCode()) : "success";
            return result;
        } catch (LDAPException e) {
            outcome = outcome(e.getResultCode());
            throw e;
        } finally {
            sample.stop(timer(operation, outcome));
        }
    }

    private static Object unwrapped(FullLDAPInterface target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder(METER).description("Exchanges with the account directory")
                .tag("outcome", outcome).tag("method", operation).register(registry);
    }

    static String outcome(ResultCode code) {
        if (SUCCESS.contains(code)) {
            return "success";
        }
        if (LdapConnections.refusedCredentials(code)) {
            return "refused-credentials";
        }
        if (code == ResultCode.BUSY || code == ResultCode.UNAVAILABLE) {
            return "busy";
        }
        if (SERVER_ERROR.contains(code)) {
            return "server-error";
        }
        // The server's answer that it could not read the request is about the request, however the SDK then treats
        // the connection; the other codes the SDK calls unusable are its own: no connection, no answer in time.
        return code != ResultCode.PROTOCOL_ERROR && !code.isConnectionUsable() ? "unreachable" : "client-error";
    }
}

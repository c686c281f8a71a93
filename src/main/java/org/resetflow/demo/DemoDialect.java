package org.resetflow.demo;

import java.util.Locale;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Which directory the demo directory plays, read from {@code resetflow.scim.dialect}: the property that also tells
 * the SCIM client which requests to send, so one setting switches both sides and they cannot disagree.
 *
 * <p>The names mirror the client's dialects; the SCIM package keeps its own enum private, and the demo directory
 * must not depend on the client it stands in for.
 */
enum DemoDialect {

    /** Plain RFC 7644: PatchOp, PUT replaces the whole resource, RFC error responses. */
    RFC7644,

    /** Gluu Server / Janssen: PUT of just the attributes sent updates those, nothing else. */
    GLUU,

    /** Oracle HCM: {@code username} filters, its own User schema URN, plain-body PATCH, Bulk, its error shape. */
    ORACLE,

    /** Ping Identity: account, passwordQualityRequirements and password sub-resources of a User. */
    PING,

    /** The client reads {@code /ServiceProviderConfig} and then speaks RFC 7644, so the directory does too. */
    AUTO;

    static final String PROPERTY = "resetflow.scim.dialect";

    static final String ORACLE_USER_SCHEMA = "urn:scim:schemas:core:2.0:User";

    /**
     * Bound the way Spring Boot binds the client's setting ({@code gluu}, {@code GLUU}, ...); missing means the
     * client's default, RFC 7644.
     */
    static DemoDialect of(Environment environment) {
        return Binder.get(environment).bind(PROPERTY, DemoDialect.class).orElse(RFC7644);
    }

    /** The schema URN users are served with. */
    String userSchema() {
        return (this == ORACLE) ? ORACLE_USER_SCHEMA : DemoDirectory.USER_SCHEMA;
    }

    /** The value of {@code resetflow.scim.dialect} that selects this dialect. */
    String propertyValue() {
        return name().toLowerCase(Locale.ROOT);
    }

}

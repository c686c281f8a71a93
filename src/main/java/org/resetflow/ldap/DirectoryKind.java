package org.resetflow.ldap;

import java.util.Locale;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Which kind of directory this ResetFlow talks to, from the settings alone, so exactly one {@code Directory} bean
 * exists: LDAP when {@code resetflow.ldap.url} is set, SCIM when {@code resetflow.scim.base-url} is, and in demo
 * mode (neither set) what {@code resetflow.demo.directory} asks for: {@code scim} (the default) or {@code ldap}.
 * Both URLs set is refused; {@code demo.DemoMode} refuses it first, with the one-line start-up failure.
 */
public enum DirectoryKind {

    SCIM, LDAP;

    static final String LDAP_URL = "resetflow.ldap.url";
    static final String SCIM_URL = "resetflow.scim.base-url";
    static final String DEMO_DIRECTORY = "resetflow.demo.directory";

    public static DirectoryKind of(Environment environment) {
        Binder binder = Binder.get(environment);
        boolean ldap = isSet(binder, LDAP_URL);
        boolean scim = isSet(binder, SCIM_URL);
        if (ldap && scim) {
            throw new IllegalStateException(SCIM_URL + " and " + LDAP_URL + " are both set: unset one of them");
        }
        if (ldap) {
            return LDAP;
        }
        if (scim) {
            return SCIM;
        }
        String demo = binder.bind(DEMO_DIRECTORY, String.class).orElse("scim").strip().toLowerCase(Locale.ROOT);
        return switch (demo) {
            case "ldap" -> LDAP;
            case "scim", "" -> SCIM;
            default -> throw new IllegalStateException(DEMO_DIRECTORY + " is scim or ldap, not " + demo);
        };
    }

    /** Blank counts as missing: an empty environment variable is no server. */
    private static boolean isSet(Binder binder, String name) {
        return binder.bind(name, String.class).map(value -> !value.isBlank()).orElse(false);
    }
}

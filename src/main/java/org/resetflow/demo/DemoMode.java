package org.resetflow.demo;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Whether ResetFlow runs in demo mode: the one place that decides it, from three settings, so the demo directory,
 * the demo mail server, the demo pages, their security and the demo Camunda admin cannot disagree.
 *
 * <p>Demo mode is all or nothing. A real directory with the demo inbox would put a real account's live reset link on a
 * public page; real mail about demo accounts is no better. So exactly one of a directory
 * ({@code resetflow.scim.base-url} or {@code resetflow.ldap.url}, never both) and {@code spring.mail.host} is refused,
 * and so is {@code resetflow.demo.enabled} contradicting them.
 */
enum DemoMode {

    ON, OFF;

    static final String ENABLED = "resetflow.demo.enabled";

    static final String DIRECTORY = "resetflow.scim.base-url";

    /** The other kind of directory: an LDAP server or Active Directory instead of SCIM. */
    static final String LDAP_DIRECTORY = "resetflow.ldap.url";

    static final String MAIL_SERVER = "spring.mail.host";

    /**
     * Where {@link DemoModeDefaults} writes the mode it decided while the environment was prepared. Property sources
     * added later (a test's {@code @DynamicPropertySource}) could change the answer after the demo admin was already
     * decided; comparing with this turns that into a failure instead of half a demo.
     */
    static final String DECIDED_AT_STARTUP = "resetflow.demo.decided-at-startup";

    private static final String REFUSAL = "ResetFlow refuses to start: ";

    private static final String EITHER_WAY = " Configure both for production, or neither for demo mode.";

    /**
     * @throws DemoModeConfigurationException for a mix of demo and real settings
     */
    static DemoMode of(Environment environment) {
        DemoMode mode = decide(environment);
        String atStartup = environment.getProperty(DECIDED_AT_STARTUP);
        if (atStartup != null && !atStartup.equals(mode.name())) {
            throw new IllegalStateException("Demo mode was " + atStartup + " when the environment was prepared but is "
                    + mode + " now: set " + DIRECTORY + ", " + MAIL_SERVER + " and " + ENABLED
                    + " before the application starts, not in a property source added later");
        }
        return mode;
    }

    private static DemoMode decide(Environment environment) {
        Binder binder = Binder.get(environment);
        // Bound, not read with getProperty, exactly as the SCIM client and Spring Boot's mail sender bind them
        boolean scim = isSet(binder, DIRECTORY);
        boolean ldap = isSet(binder, LDAP_DIRECTORY);
        if (scim && ldap) {
            throw refusal(DIRECTORY + " and " + LDAP_DIRECTORY + " are both set. ResetFlow resets passwords in one "
                    + "directory: unset one of them.");
        }
        String directorySetting = ldap ? LDAP_DIRECTORY : DIRECTORY;
        boolean directory = scim || ldap;
        boolean mailServer = isSet(binder, MAIL_SERVER);
        Boolean enabled = binder.bindOrCreate("resetflow.demo", DemoProperties.class).enabled();
        if (Boolean.TRUE.equals(enabled)) {
            if (directory || mailServer) {
                throw refusal(ENABLED + " is true but " + both(directorySetting, directory, mailServer) + " set. Demo "
                        + "pages show reset links to anyone: unset " + ENABLED + " for production, or the real "
                        + "servers for the demo.");
            }
            return ON;
        }
        if (directory && mailServer) {
            return OFF;
        }
        if (directory) {
            throw refusal(directorySetting + " is set but " + MAIL_SERVER + " is not." + EITHER_WAY);
        }
        if (mailServer) {
            throw refusal(MAIL_SERVER + " is set but " + DIRECTORY + " is not." + EITHER_WAY);
        }
        if (Boolean.FALSE.equals(enabled)) {
            throw refusal(ENABLED + " is false but neither " + DIRECTORY + " nor " + MAIL_SERVER + " is set. Configure"
                    + " both for production, or unset " + ENABLED + " for demo mode.");
        }
        return ON;
    }

    /** Blank counts as missing: an empty environment variable is no server. */
    private static boolean isSet(Binder binder, String name) {
        return binder.bind(name, String.class).map(String::isBlank).map((blank) -> !blank).orElse(false);
    }

    private static String both(String directorySetting, boolean directory, boolean mailServer) {
        if (directory && mailServer) {
            return directorySetting + " and " + MAIL_SERVER + " are";
        }
        return (directory ? directorySetting : MAIL_SERVER) + " is";
    }

    private static DemoModeConfigurationException refusal(String reason) {
        return new DemoModeConfigurationException(REFUSAL + reason);
    }

}

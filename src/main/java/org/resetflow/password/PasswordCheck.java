package org.resetflow.password;

/**
 * The verdict on a submitted password. {@code reason} is a stable code (the page shows its text from
 * messages.properties); {@code detail} is extra advice such as the strength estimator's warning. Neither ever
 * contains the password.
 */
record PasswordCheck(boolean acceptable, String reason, String detail) {

    static final String MISSING = "missing";
    static final String MISMATCH = "mismatch";
    static final String INVALID_CHARACTERS = "invalid-characters";
    static final String TOO_SHORT = "too-short";
    static final String TOO_LONG = "too-long";
    static final String CONTAINS_IDENTITY = "contains-identity";
    static final String TOO_WEAK = "too-weak";
    static final String DIRECTORY = "directory";
    static final String BREACHED = "breached";

    static PasswordCheck ok() {
        return new PasswordCheck(true, null, null);
    }

    static PasswordCheck rejected(String reason) {
        return new PasswordCheck(false, reason, null);
    }

    static PasswordCheck rejected(String reason, String detail) {
        return new PasswordCheck(false, reason, detail);
    }
}

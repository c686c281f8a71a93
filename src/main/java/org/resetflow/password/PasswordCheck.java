package org.resetflow.password;

/**
 * The verdict on a submitted password. {@code reason} is a stable code (the page shows its text from
 * messages.properties). {@code detail} depends on it: for {@link #TOO_WEAK} the strength estimator's advice as keys
 * ({@link PasswordAdvice}), which the page shows in its language; for {@link #TOO_SHORT} by a directory rule, and for
 * {@link #DIRECTORY}, the directory's own words, which the page shows as it wrote them. Neither ever contains the
 * password.
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

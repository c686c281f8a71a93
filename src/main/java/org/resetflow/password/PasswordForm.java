package org.resetflow.password;

/** What the password page posts. A record bound per request: the password never lands in an entity or session. */
record PasswordForm(String token, String password, String confirmPassword) {

    @Override
    public String toString() {
        return "PasswordForm[***]";
    }
}

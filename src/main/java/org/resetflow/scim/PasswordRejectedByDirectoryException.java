package org.resetflow.scim;

/** The directory refused the new password under its own policy; {@code reason} is its explanation. */
public class PasswordRejectedByDirectoryException extends RuntimeException {

    private final String reason;

    public PasswordRejectedByDirectoryException(String reason) {
        super("The directory rejected the new password");
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}

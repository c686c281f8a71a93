package org.resetflow.directory;

import java.util.Collection;
import java.util.List;

/**
 * The directory refused the new password under its own policy; {@code reason} is its explanation, already short,
 * single-line and without the password: a directory may quote the refused value back, and the reason goes to the
 * page and into a process variable.
 */
public class PasswordRejectedByDirectoryException extends RuntimeException {

    private final String reason;

    /**
     * @param directoryText the directory's own text, as it sent it (null when it sent none)
     * @param password the password the refused request carried, blanked from the text in any form it comes back in
     */
    public PasswordRejectedByDirectoryException(String directoryText, String password) {
        this(directoryText, password == null ? List.of() : List.of(password));
    }

    public PasswordRejectedByDirectoryException(String directoryText, Collection<String> passwords) {
        super("The directory rejected the new password");
        this.reason = DirectoryText.readable(directoryText, passwords);
    }

    public String reason() {
        return reason;
    }
}

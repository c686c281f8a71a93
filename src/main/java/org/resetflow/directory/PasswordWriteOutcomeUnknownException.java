package org.resetflow.directory;

/**
 * A password write was sent, and no answer says whether the directory applied it: the read timed out, the
 * connection broke, or a gateway gave up (502, 504). It is never sent again blindly: a directory that refuses to
 * reuse the current password would refuse the repeat and blame the user. Where the account can be re-read and
 * compared, the dialect verifies instead; otherwise the user is told honestly that the change is unconfirmed.
 */
public class PasswordWriteOutcomeUnknownException extends DirectoryException {

    public PasswordWriteOutcomeUnknownException(String message, int status) {
        super(message, status);
    }
}

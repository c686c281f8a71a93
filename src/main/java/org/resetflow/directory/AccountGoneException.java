package org.resetflow.directory;

/** The account disappeared from the directory (404) between the lookup and the password write. */
public class AccountGoneException extends DirectoryException {

    public AccountGoneException(String message) {
        super(message, 404);
    }
}

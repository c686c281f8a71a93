package org.resetflow.directory;

/** 409 to a create: the directory already has an account with this user name. A business outcome, not a fault. */
public class UserNameTakenException extends RuntimeException {

    public UserNameTakenException(String message) {
        super(message);
    }
}

package org.resetflow.scim;

import java.util.List;

/** The operations a reset needs from an account directory. */
public interface Directory {

    /** Accounts whose user name equals {@code userName}; an empty list when the directory refuses the filter. */
    List<DirectoryAccount> findByUserName(String userName);

    /** Accounts with an e-mail address equal to {@code email}. */
    List<DirectoryAccount> findByEmail(String email);

    /**
     * Sets the account's password.
     *
     * @throws PasswordRejectedByDirectoryException when the directory's password policy refuses it
     * @throws DirectoryException on any technical failure
     */
    void setPassword(String accountId, String newPassword);
}

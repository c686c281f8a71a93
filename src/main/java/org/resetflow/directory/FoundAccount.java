package org.resetflow.directory;

import java.util.List;

/**
 * An account a batch search found, with every e-mail address it has and every user name a search by user name
 * matches: the account keeps only its primary address and one user name, and a search matches any of them (an LDAP
 * entry's several {@code uid} values; Active Directory's {@code sAMAccountName} and {@code userPrincipalName}).
 */
public record FoundAccount(DirectoryAccount account, List<String> emails, List<String> userNames) {

    public FoundAccount {
        emails = List.copyOf(emails);
        userNames = List.copyOf(userNames);
    }

    /** An account whose only user name is its {@code userName} (SCIM's one {@code userName}). */
    public FoundAccount(DirectoryAccount account, List<String> emails) {
        this(account, emails, account.userName() == null ? List.of() : List.of(account.userName()));
    }
}

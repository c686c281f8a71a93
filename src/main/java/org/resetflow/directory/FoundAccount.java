package org.resetflow.directory;

import java.util.List;

/**
 * An account a batch search found, with every e-mail address it has: the account keeps only its primary one, and a
 * search by address matches any of them.
 */
public record FoundAccount(DirectoryAccount account, List<String> emails) {

    public FoundAccount {
        emails = List.copyOf(emails);
    }
}

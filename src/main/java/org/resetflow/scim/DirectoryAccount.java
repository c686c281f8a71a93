package org.resetflow.scim;

import java.util.Objects;

/** What the reset needs to know of a directory account; never a password. */
public record DirectoryAccount(String id, String userName, String email, String displayName, boolean active) {

    public DirectoryAccount {
        Objects.requireNonNull(id, "id");
    }
}

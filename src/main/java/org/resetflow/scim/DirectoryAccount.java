package org.resetflow.scim;

import java.util.List;
import java.util.Objects;

/**
 * What the reset needs to know of a directory account; never a password.
 *
 * @param groups the display names of the groups the directory lists for the account (RFC 7643 §4.1.2, read-only
 *     {@code groups[].display}, else {@code groups[].value}); the reset policy decides from them
 */
public record DirectoryAccount(String id, String userName, String email, String displayName, boolean active,
                               List<String> groups) {

    public DirectoryAccount {
        Objects.requireNonNull(id, "id");
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** An account the directory lists in no group. */
    public DirectoryAccount(String id, String userName, String email, String displayName, boolean active) {
        this(id, userName, email, displayName, active, List.of());
    }

    DirectoryAccount withActive(boolean nowActive) {
        return new DirectoryAccount(id, userName, email, displayName, nowActive, groups);
    }
}

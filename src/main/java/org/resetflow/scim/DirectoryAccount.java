package org.resetflow.scim;

import java.util.Objects;

/**
 * What the reset needs to know of a directory account; never a password. {@code preferredLanguage} (an
 * Accept-Language value), {@code locale} and {@code timezone} (IANA) are SCIM's own attributes, as the directory
 * sent them or {@code null}: the mails speak the account's language and tell its time.
 */
public record DirectoryAccount(String id, String userName, String email, String displayName, boolean active,
                               String preferredLanguage, String locale, String timezone) {

    public DirectoryAccount {
        Objects.requireNonNull(id, "id");
    }

    /** An account whose directory says nothing about its language or time zone. */
    public DirectoryAccount(String id, String userName, String email, String displayName, boolean active) {
        this(id, userName, email, displayName, active, null, null, null);
    }

    DirectoryAccount withActive(boolean active) {
        return new DirectoryAccount(id, userName, email, displayName, active, preferredLanguage, locale, timezone);
    }
}

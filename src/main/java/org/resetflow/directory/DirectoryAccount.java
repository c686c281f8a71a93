package org.resetflow.directory;

import java.util.List;
import java.util.Objects;

/**
 * What the reset needs to know of a directory account; never a password.
 *
 * @param groups            the display names of the groups the directory lists for the account (RFC 7643 §4.1.2,
 *                          read-only {@code groups[].display}, else {@code groups[].value}); the reset policy decides
 *                          from them
 * @param preferredLanguage SCIM's own attribute (an Accept-Language value), as the directory sent it, or {@code null}
 * @param locale            SCIM's {@code locale}, or {@code null}; with {@code preferredLanguage}, the mails' language
 * @param timezone          SCIM's {@code timezone} (IANA), or {@code null}: the mails tell the account's time
 * @param locked            locked out after too many wrong passwords (AD {@code lockoutTime}, OpenLDAP ppolicy
 *                          {@code pwdAccountLockedTime}): the user knows the password, an unlock is what helps.
 *                          Not the same as inactive (disabled by an admin); false where the directory does not tell
 */
public record DirectoryAccount(String id, String userName, String email, String displayName, boolean active,
                               List<String> groups, String preferredLanguage, String locale, String timezone,
                               boolean locked) {

    public DirectoryAccount {
        Objects.requireNonNull(id, "id");
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** An account whose directory does not tell whether it is locked out. */
    public DirectoryAccount(String id, String userName, String email, String displayName, boolean active,
                            List<String> groups, String preferredLanguage, String locale, String timezone) {
        this(id, userName, email, displayName, active, groups, preferredLanguage, locale, timezone, false);
    }

    /** An account the directory lists in no group and says nothing about its language or time zone. */
    public DirectoryAccount(String id, String userName, String email, String displayName, boolean active) {
        this(id, userName, email, displayName, active, List.of());
    }

    /** An account whose directory says nothing about its language or time zone. */
    public DirectoryAccount(String id, String userName, String email, String displayName, boolean active,
                            List<String> groups) {
        this(id, userName, email, displayName, active, groups, null, null, null);
    }

    /** An account the directory lists in no group. */
    public DirectoryAccount(String id, String userName, String email, String displayName, boolean active,
                            String preferredLanguage, String locale, String timezone) {
        this(id, userName, email, displayName, active, List.of(), preferredLanguage, locale, timezone);
    }

    public DirectoryAccount withActive(boolean nowActive) {
        return new DirectoryAccount(id, userName, email, displayName, nowActive, groups, preferredLanguage, locale,
                timezone, locked);
    }
}

package org.resetflow.directory;

import java.util.Objects;

/**
 * One of the directory's own password rules, to show on the password page. {@code type} is the directory's name
 * for the rule (e.g. Ping's {@code length}); {@code minLength} is set for length rules and can be enforced locally;
 * rules of unknown types are shown by their {@code description} only.
 */
public record PasswordRequirement(String type, String description, Integer minLength) {

    public static final String TYPE_LENGTH = "length";

    public PasswordRequirement {
        Objects.requireNonNull(type, "type");
    }
}

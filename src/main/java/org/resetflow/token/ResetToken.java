package org.resetflow.token;

import java.time.Instant;
import java.util.Objects;

/** A stored reset link: the token's hash, never the token itself. */
record ResetToken(String hash, String processInstanceId, String accountId, Instant expiresAt) {

    ResetToken {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(processInstanceId, "processInstanceId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (hash.length() != 64) {
            throw new IllegalArgumentException("hash must be a hex SHA-256");
        }
    }
}

package org.resetflow.demo;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2 hash of a demo password.
 *
 * <p>Even a throw-away in-memory directory must not hold plain-text passwords: heap dumps, debuggers and log
 * statements written by the next person all leak them. The iteration count is far below what a production
 * store would use because nothing here is ever persisted and tests hash many passwords.
 */
final class PasswordHash {

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";

    private static final int ITERATIONS = 10_000;

    private static final int KEY_BITS = 256;

    private static final int SALT_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] salt;

    private final byte[] hash;

    private PasswordHash(byte[] salt, byte[] hash) {
        this.salt = salt;
        this.hash = hash;
    }

    static PasswordHash of(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(salt, derive(password, salt));
    }

    boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        // Constant-time comparison, so response times do not tell how much of a guess was right.
        return MessageDigest.isEqual(this.hash, derive(candidate, this.salt));
    }

    private static byte[] derive(String password, byte[] salt) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, ITERATIONS, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        }
        catch (GeneralSecurityException ex) {
            // Every Java 17 runtime ships PBKDF2WithHmacSHA256; reaching this means a broken JRE.
            throw new IllegalStateException(ALGORITHM + " is not available", ex);
        }
        finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    /** Never reveals salt or hash, in case an instance ends up in a log line. */
    @Override
    public String toString() {
        return "PasswordHash[" + ALGORITHM + ", redacted]";
    }

}

package org.resetflow.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret reset links are derived from: a link is HMAC-SHA256(key, reset and mail key), so the job that mails a
 * link, when it runs again after a crash, arrives at the same link instead of a new one. Without the key the link
 * cannot be computed from anything in the database. Its {@code toString} names no secret.
 */
final class TokenKey {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    TokenKey(String value) {
        this.key = new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The token of one link: 256 bits, base64url without padding (43 characters), as random tokens were. */
    String token(String processInstanceId, String linkKey) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((processInstanceId + ":" + linkKey).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "TokenKey[HmacSHA256]";
    }
}

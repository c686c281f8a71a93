package org.resetflow.botdefence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.altcha.altcha.Altcha;
import org.springframework.stereotype.Service;

/**
 * Issues and verifies ALTCHA challenges (PoW v1: find the number n below {@code maxnumber} with
 * SHA-256(salt + n) = challenge; the challenge is HMAC-signed). The salt carries the expiry, so the signature covers
 * it. Issuing uses the library; verification is done here with the library's hash functions, because it must also
 * insist on an expiry, SHA-256 and a comparison in constant time, and must cost no more than one SHA-256 and one
 * HMAC: no database read.
 */
@Service
class Challenges {

    static final String ALGORITHM = "SHA-256";
    /** A real payload is about 300 characters; anything far larger is not worth decoding. */
    private static final int MAX_PAYLOAD_LENGTH = 2_048;

    private final BotDefenceProperties properties;
    private final BotDefenceKey key;
    private final RequestRate rate;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    Challenges(BotDefenceProperties properties, BotDefenceKey key, RequestRate rate, Clock clock) {
        this.properties = properties;
        this.key = key;
        this.rate = rate;
        this.clock = clock;
    }

    /** A fresh challenge, at the elevated cost while this node is busier than the threshold. */
    Altcha.Challenge issue() {
        try {
            return Altcha.createChallenge(new Altcha.ChallengeOptions()
                    .setAlgorithm(Altcha.Algorithm.SHA256)
                    .setMaxNumber(currentMaxNumber())
                    .setSecureRandomNumber(true)
                    .setHmacKey(key.value())
                    .setExpires(clock.instant().plus(properties.challengeLifetime()).getEpochSecond()));
        } catch (Exception e) {
            throw new IllegalStateException("Could not issue a bot-defence challenge: " + e.getClass().getSimpleName());
        }
    }

    long currentMaxNumber() {
        boolean busy = properties.elevatedAbove() > 0 && rate.perMinute() > properties.elevatedAbove();
        return busy ? Math.max(properties.elevatedMaxNumber(), properties.maxNumber()) : properties.maxNumber();
    }

    /** A solution that is well-formed, signed by us, solved and unexpired; or empty. Nothing is recorded here. */
    java.util.Optional<Solved> verify(String base64Payload) {
        if (base64Payload == null || base64Payload.isEmpty() || base64Payload.length() > MAX_PAYLOAD_LENGTH) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode payload = json.readTree(Base64.getDecoder().decode(base64Payload));
            String algorithm = payload.path("algorithm").asText("");
            String challenge = payload.path("challenge").asText("");
            String salt = payload.path("salt").asText("");
            String signature = payload.path("signature").asText("");
            JsonNode number = payload.path("number");
            if (!ALGORITHM.equals(algorithm) || !number.canConvertToLong() || number.asLong() < 0
                    || challenge.length() != 64 || salt.isEmpty()) {
                return java.util.Optional.empty();
            }
            Map<String, String> params = Altcha.extractParams(salt);
            Instant expires = Instant.ofEpochSecond(Long.parseLong(params.getOrDefault("expires", "0")));
            if (!expires.isAfter(clock.instant())) {
                return java.util.Optional.empty();
            }
            String solved = Altcha.hashHex(Altcha.Algorithm.SHA256, salt + number.asLong());
            String signed = Altcha.hmacHex(Altcha.Algorithm.SHA256, challenge.getBytes(StandardCharsets.UTF_8),
                    key.value());
            boolean valid = constantTimeEquals(solved, challenge) & constantTimeEquals(signed, signature);
            return valid ? java.util.Optional.of(new Solved(challenge, expires)) : java.util.Optional.empty();
        } catch (Exception e) {
            // Not base64, not JSON, an unreadable expiry: a forged or broken payload, same answer as a wrong one.
            return java.util.Optional.empty();
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    /** A verified solution: its challenge (the key that makes it single-use) and when it stops mattering. */
    record Solved(String challenge, Instant expiresAt) {
    }
}

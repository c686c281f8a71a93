package org.resetflow.botdefence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.altcha.altcha.Altcha;

/** Solves a challenge as the widget does, and writes the payload the widget would post. */
public final class AltchaSolver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AltchaSolver() {
    }

    /** Solves the challenge JSON served by {@code /bot-defence/challenge}; returns the widget's base64 payload. */
    public static String solve(String challengeJson) {
        try {
            JsonNode challenge = JSON.readTree(challengeJson);
            Altcha.Solution solution = Altcha.solveChallenge(challenge.path("challenge").asText(),
                    challenge.path("salt").asText(), Altcha.Algorithm.SHA256, challenge.path("maxnumber").asLong(), 0);
            if (solution == null) {
                throw new IllegalStateException("challenge has no solution below its maxnumber");
            }
            return payload(challenge.path("challenge").asText(), challenge.path("salt").asText(), solution.number,
                    challenge.path("signature").asText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String payload(String challenge, String salt, long number, String signature) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("algorithm", "SHA-256");
        payload.put("challenge", challenge);
        payload.put("number", number);
        payload.put("salt", salt);
        payload.put("signature", signature);
        payload.put("took", 1);
        try {
            return Base64.getEncoder().encodeToString(JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

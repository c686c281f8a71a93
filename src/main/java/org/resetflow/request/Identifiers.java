package org.resetflow.request;

import java.text.Normalizer;
import java.util.Optional;

/**
 * Cleans what a requester typed before it goes anywhere near a mail header, a SCIM filter or a log line: NFKC
 * normalisation (so full-width and compatibility look-alikes become what they look like), trimming, a length cap and
 * no control characters.
 */
final class Identifiers {

    static final int MAX_LENGTH = 256;

    private Identifiers() {
    }

    /** The cleaned identifier, or empty when it is blank, too long or holds control characters. */
    static Optional<String> clean(String raw) {
        if (raw == null || raw.length() > 4 * MAX_LENGTH) {
            return Optional.empty();
        }
        String normalised = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
        if (normalised.isEmpty() || normalised.codePointCount(0, normalised.length()) > MAX_LENGTH) {
            return Optional.empty();
        }
        boolean hasControl = normalised.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                || Character.getType(c) == Character.FORMAT || c == 0x2028 || c == 0x2029);
        return hasControl ? Optional.empty() : Optional.of(normalised);
    }
}

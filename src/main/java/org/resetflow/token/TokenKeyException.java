package org.resetflow.token;

/** A missing or too short link key. Its message is the whole explanation; {@link TokenKeyFailureAnalyzer} prints it. */
class TokenKeyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    TokenKeyException(String message) {
        super("ResetFlow refuses to start: " + message);
    }
}

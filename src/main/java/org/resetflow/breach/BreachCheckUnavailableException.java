package org.resetflow.breach;

/**
 * The breached-password source did not answer and the check fails closed. The message names the source and what
 * went wrong, never a password, a hash or a prefix.
 */
public class BreachCheckUnavailableException extends RuntimeException {

    public BreachCheckUnavailableException(String message) {
        super(message);
    }
}

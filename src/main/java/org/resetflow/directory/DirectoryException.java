package org.resetflow.directory;

/**
 * A technical failure talking to the directory (unreachable, timeout, 5xx, refused credentials). It is not a
 * business outcome: in a job it becomes retries and then a Cockpit incident. Messages name the directory and the
 * status, never a request body.
 */
public class DirectoryException extends RuntimeException {

    private final int status;

    public DirectoryException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public DirectoryException(String message, int status) {
        this(message, status, null);
    }

    /** The HTTP status, or 0 when no answer arrived. */
    public int status() {
        return status;
    }
}

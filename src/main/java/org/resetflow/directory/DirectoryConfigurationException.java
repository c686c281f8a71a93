package org.resetflow.directory;

/**
 * The directory refused ResetFlow's credentials (401/403) or does not offer what the configured dialect needs.
 * Retrying cannot help: an admin has to fix the configuration, so a job failing with it becomes an incident at once.
 */
public class DirectoryConfigurationException extends DirectoryException {

    public DirectoryConfigurationException(String message, int status) {
        super(message, status);
    }
}

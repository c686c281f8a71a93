package org.resetflow.config;

/**
 * A setting that would let another component than {@link ClientNetworks} decide client addresses. Its message is
 * the whole explanation; {@link ProxySettingsFailureAnalyzer} prints it instead of a stack trace.
 */
class ProxySettingsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    ProxySettingsException(String message) {
        super("ResetFlow refuses to start: " + message);
    }
}

package org.resetflow.demo;

/**
 * Settings that would mix demo parts with real ones. Its message is the whole explanation, one line that names the
 * setting to fix; {@link DemoModeFailureAnalyzer} prints it instead of a stack trace.
 */
class DemoModeConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    DemoModeConfigurationException(String message) {
        super(message);
    }

}

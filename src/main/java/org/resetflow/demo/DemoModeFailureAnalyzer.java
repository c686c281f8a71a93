package org.resetflow.demo;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a refused demo-mode configuration into Spring Boot's short failure report. The message already says what to
 * change, so there is no separate action, and an operator sees one line, not a stack trace.
 */
class DemoModeFailureAnalyzer extends AbstractFailureAnalyzer<DemoModeConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DemoModeConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), null, cause);
    }

}

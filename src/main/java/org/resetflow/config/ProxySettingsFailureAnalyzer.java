package org.resetflow.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused proxy setting into Spring Boot's short failure report: one line that says what to change. */
class ProxySettingsFailureAnalyzer extends AbstractFailureAnalyzer<ProxySettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProxySettingsException cause) {
        return new FailureAnalysis(cause.getMessage(), null, cause);
    }
}

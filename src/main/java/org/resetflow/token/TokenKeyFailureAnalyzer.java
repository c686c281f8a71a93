package org.resetflow.token;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused link key into Spring Boot's short failure report: one line that says what to set. */
class TokenKeyFailureAnalyzer extends AbstractFailureAnalyzer<TokenKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, TokenKeyException cause) {
        return new FailureAnalysis(cause.getMessage(), null, cause);
    }
}

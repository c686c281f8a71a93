package org.resetflow.token;

import static org.resetflow.PasswordResetProcess.MSG_NEWER_REQUEST;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;

/** Ends the resets of an account that still wait for a password, so only the newest link works. */
@Service
class EarlierResets {

    private final RuntimeService runtimeService;

    EarlierResets(RuntimeService runtimeService) {
        this.runtimeService = runtimeService;
    }

    /** Ends the given reset at "Superseded" if it still waits for a password; says whether it did. */
    boolean supersede(String processInstanceId) {
        // Only a reset waiting for its password holds the subscription; one that ended meanwhile matches nothing.
        // correlateAll is the one call that does both (correlate alone would throw on no match): no count first.
        return !runtimeService.createMessageCorrelation(MSG_NEWER_REQUEST).processInstanceId(processInstanceId)
                .correlateAllWithResult().isEmpty();
    }
}

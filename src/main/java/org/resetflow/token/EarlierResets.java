package org.resetflow.token;

import static org.resetflow.PasswordResetProcess.MSG_NEWER_REQUEST;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;

/** Ends the resets of an account that still wait for a password, so only the newest link works. */
@Service
class EarlierResets {

    private final RuntimeService runtimeService;

    EarlierResets(RuntimeService runtimeService) {
        this.runtimeService = runtimeService;
    }

    /** Returns how many waiting resets were superseded. */
    int supersede(String accountId) {
        // Only resets waiting at the password form hold the message subscription, so the caller is never hit.
        return runtimeService.createMessageCorrelation(MSG_NEWER_REQUEST)
                .processInstanceVariableEquals(VAR_ACCOUNT_ID, accountId)
                .correlateAllWithResult()
                .size();
    }
}

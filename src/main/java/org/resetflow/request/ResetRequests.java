package org.resetflow.request;

import static org.resetflow.PasswordResetProcess.CHANNEL_SELF_SERVICE;
import static org.resetflow.PasswordResetProcess.PROCESS_KEY;
import static org.resetflow.PasswordResetProcess.VAR_CHANNEL;
import static org.resetflow.PasswordResetProcess.VAR_CLIENT_ADDRESS;
import static org.resetflow.PasswordResetProcess.VAR_IDENTIFIER;
import static org.resetflow.PasswordResetProcess.VAR_REQUESTED_AT;

import java.time.Clock;
import java.util.Date;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Service;

/**
 * Starts a reset. The model's first task is asynchronous, so this only writes the instance and its job: the same
 * work, and so the same time, whether or not the account exists.
 */
@Service
class ResetRequests {

    private final RuntimeService runtimeService;
    private final Clock clock;

    ResetRequests(RuntimeService runtimeService, Clock clock) {
        this.runtimeService = runtimeService;
        this.clock = clock;
    }

    void request(String identifier, String clientAddress) {
        runtimeService.startProcessInstanceByKey(PROCESS_KEY, Variables.createVariables()
                .putValue(VAR_IDENTIFIER, identifier)
                .putValue(VAR_CLIENT_ADDRESS, clientAddress)
                .putValue(VAR_REQUESTED_AT, Date.from(clock.instant()))
                .putValue(VAR_CHANNEL, CHANNEL_SELF_SERVICE));
    }
}

package org.resetflow.token;

import static org.resetflow.PasswordResetProcess.VAR_REPLACED_RESET;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Cancel earlier link": the reset whose link "Issue token" just replaced ends at "Superseded", if it still waits.
 * Its link already stopped working when the live-link row was replaced; this ends the reset for Cockpit too.
 */
@Component
class SupersedeEarlierResetsDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SupersedeEarlierResetsDelegate.class);

    private final EarlierResets earlierResets;

    SupersedeEarlierResetsDelegate(EarlierResets earlierResets) {
        this.earlierResets = earlierResets;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String replaced = (String) execution.getVariable(VAR_REPLACED_RESET);

        if (replaced != null && earlierResets.supersede(replaced)) {
            log.info("Reset {} superseded the earlier reset {} of the same account", execution.getProcessInstanceId(),
                    replaced);
        }
    }
}

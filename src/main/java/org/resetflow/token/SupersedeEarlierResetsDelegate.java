package org.resetflow.token;

import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** "Cancel earlier links": a new request makes the account's older links stop working. */
@Component
class SupersedeEarlierResetsDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SupersedeEarlierResetsDelegate.class);

    private final EarlierResets earlierResets;

    SupersedeEarlierResetsDelegate(EarlierResets earlierResets) {
        this.earlierResets = earlierResets;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String accountId = (String) execution.getVariable(VAR_ACCOUNT_ID);

        int superseded = earlierResets.supersede(accountId);

        if (superseded > 0) {
            log.info("Reset {} superseded {} earlier reset(s) of the same account", execution.getProcessInstanceId(),
                    superseded);
        }
    }
}

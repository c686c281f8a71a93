package org.resetflow.helpdesk;

import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_ACCOUNT_NAMES;
import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY;
import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_PASSWORD_GENERATION_SUPPORTED;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.directory.Directory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Check password generation", before the helpdesk's generated-password links go out: only a directory that generates
 * passwords itself (Ping's password sub-resource, {@link Directory#generatesPasswords()}) can serve such a link. Where
 * it cannot (Gluu, Oracle, plain RFC 7644), every account is refused in the summary with that reason and no owner
 * gets a link that could not work. A property of the configured dialect: no directory call.
 */
@Component
class CheckPasswordGenerationDelegate implements JavaDelegate {

    static final String REFUSED = "refused (the directory cannot generate passwords; no link sent)";

    private static final Logger log = LoggerFactory.getLogger(CheckPasswordGenerationDelegate.class);

    private final Directory directory;
    private final HelpdeskAccounts accounts;

    CheckPasswordGenerationDelegate(Directory directory, HelpdeskAccounts accounts) {
        this.directory = directory;
        this.accounts = accounts;
    }

    @Override
    public void execute(DelegateExecution execution) {
        boolean supported = directory.generatesPasswords();
        execution.setVariable(VAR_PASSWORD_GENERATION_SUPPORTED, supported);
        if (!supported) {
            List<String> names = accounts.names((String) execution.getVariable(VAR_ACCOUNT_NAMES));
            log.info("Helpdesk request {}: the directory cannot generate passwords; {} accounts refused",
                    execution.getProcessInstanceId(), names.size());
            execution.setVariable(VAR_ACCOUNT_SUMMARY,
                    String.join("\n", names.stream().map(name -> name + ": " + REFUSED).toList()));
        }
    }
}

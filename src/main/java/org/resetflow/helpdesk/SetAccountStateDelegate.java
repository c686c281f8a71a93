package org.resetflow.helpdesk;

import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_ACCOUNT_NAMES;
import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY;
import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_OPERATION;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.directory.AccountGoneException;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.DirectoryConfigurationException;
import org.resetflow.directory.DirectoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Disable or re-enable accounts", for example after a reported compromise: a disabled account can neither log in
 * nor get a reset link (the lookup treats it as inactive). Each account's outcome becomes a summary line. A refusal
 * (a 4xx answer) is that account's outcome; a technical failure throws, so the job retries and then becomes an
 * incident, and the retry repeats the accounts already done, which is harmless since setting a state twice is
 * setting it once. A member of the privileged group is changed only when an admin started the request
 * ({@link PrivilegedAccountGuard}); otherwise its line says it was refused and the directory is not written.
 */
@Component
class SetAccountStateDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SetAccountStateDelegate.class);

    private final Directory directory;
    private final HelpdeskAccounts accounts;
    private final PrivilegedAccountGuard guard;

    SetAccountStateDelegate(Directory directory, HelpdeskAccounts accounts, PrivilegedAccountGuard guard) {
        this.directory = directory;
        this.accounts = accounts;
        this.guard = guard;
    }

    @Override
    public void execute(DelegateExecution execution) {
        boolean active = HelpdeskResetProcess.OPERATION_ENABLE.equals(execution.getVariable(VAR_OPERATION));
        PrivilegedAccountGuard.Starter starter = guard.starterOf(execution.getProcessInstanceId());
        List<String> summary = new ArrayList<>();
        int changed = 0;
        for (String name : accounts.names((String) execution.getVariable(VAR_ACCOUNT_NAMES))) {
            String outcome = setActive(name, active, starter);
            if (outcome.startsWith("done")) {
                changed++;
            }
            summary.add(name + ": " + outcome);
        }
        log.info("Helpdesk request {} {} {} of {} accounts", execution.getProcessInstanceId(),
                active ? "re-enabled" : "disabled", changed, summary.size());
        execution.setVariable(VAR_ACCOUNT_SUMMARY, String.join("\n", summary));
    }

    private String setActive(String name, boolean active, PrivilegedAccountGuard.Starter starter) {
        List<DirectoryAccount> found = directory.findByUserName(name);
        if (found.isEmpty()) {
            return "not found";
        }
        if (found.size() > 1) {
            return "refused (ambiguous: " + found.size() + " accounts have this name)";
        }
        if (!guard.mayChange(found.get(0), starter)) {
            return PrivilegedAccountGuard.refusal("state unchanged");
        }
        try {
            directory.setActive(found.get(0).id(), active);
            return active ? "done (re-enabled)" : "done (disabled: no login, no reset link)";
        } catch (AccountGoneException e) {
            return "not found (the account was deleted meanwhile)";
        } catch (UnsupportedOperationException e) {
            return "refused (this directory cannot disable or re-enable accounts)";
        } catch (DirectoryConfigurationException e) {
            throw e;
        } catch (DirectoryException e) {
            if (e.status() >= 400 && e.status() < 500 && e.status() != 429) {
                return "refused (the directory answered " + e.status() + "; state unchanged)";
            }
            throw e;
        }
    }
}

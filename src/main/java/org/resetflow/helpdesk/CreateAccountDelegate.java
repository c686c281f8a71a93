package org.resetflow.helpdesk;

import static org.resetflow.helpdesk.AccountActivationProcess.VAR_ACCOUNT_CREATED;
import static org.resetflow.helpdesk.AccountActivationProcess.VAR_ACCOUNT_NAME;
import static org.resetflow.helpdesk.AccountActivationProcess.VAR_ACCOUNT_SUMMARY;
import static org.resetflow.helpdesk.AccountActivationProcess.VAR_CREATED_ACCOUNT_ID;
import static org.resetflow.helpdesk.AccountActivationProcess.VAR_NEW_ACCOUNT_DISPLAY_NAME;
import static org.resetflow.helpdesk.AccountActivationProcess.VAR_NEW_ACCOUNT_EMAIL;

import java.util.regex.Pattern;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.directory.Directory;
import org.resetflow.directory.NewAccount;
import org.resetflow.directory.UserNameTakenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Create account": creates the account the helpdesk named, active, with a random password that nobody ever sees
 * and that lives only in this method's memory; its owner chooses the real one through the activation link. A taken
 * user name, unusable input or a directory that cannot create accounts at all is an outcome for the helpdesk's
 * summary, not a fault: only technical failures become retries and an incident. The new account's id is the only one "Send activation link" passes on; without a
 * created account there is none, and the link goes nowhere.
 */
@Component
class CreateAccountDelegate implements JavaDelegate {

    static final String REFUSED_CANNOT_CREATE = "refused (the directory cannot create accounts; no account created)";

    private static final Logger log = LoggerFactory.getLogger(CreateAccountDelegate.class);
    // The form checks the address too; this is the last word before the directory, since REST can skip the form.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}");

    private final Directory directory;

    CreateAccountDelegate(Directory directory) {
        this.directory = directory;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String name = trimmed(execution.getVariable(VAR_ACCOUNT_NAME));
        String email = trimmed(execution.getVariable(VAR_NEW_ACCOUNT_EMAIL));
        String displayName = trimmed(execution.getVariable(VAR_NEW_ACCOUNT_DISPLAY_NAME));
        execution.setVariable(VAR_ACCOUNT_NAME, name);
        execution.setVariable(VAR_ACCOUNT_CREATED, false);
        // The activation link goes to this id and to nothing else, so only this step may give it a value: one sent
        // with the start (start variables are whatever the caller sent) is dropped before anything can use it.
        execution.setVariable(VAR_CREATED_ACCOUNT_ID, null);
        if (name.isEmpty() || name.length() > 256 || !EMAIL.matcher(email).matches()) {
            execution.setVariable(VAR_ACCOUNT_SUMMARY,
                    (name.isEmpty() ? "(no user name)" : name) + ": refused (a user name and an e-mail address are needed)");
            return;
        }
        String id;
        try {
            id = directory.createUser(new NewAccount(name, email, displayName.isEmpty() ? null : displayName),
                    RevokePasswordsDelegate.unusablePassword());
        } catch (UserNameTakenException e) {
            execution.setVariable(VAR_ACCOUNT_SUMMARY, name
                    + ": refused (the directory answered 409: the user name is taken; no account created)");
            return;
        } catch (UnsupportedOperationException e) {
            // A property of the dialect (the LDAP ones create no accounts): every retry would fail the same way, so
            // it is the helpdesk's answer, not an incident.
            execution.setVariable(VAR_ACCOUNT_SUMMARY, name + ": " + REFUSED_CANNOT_CREATE);
            return;
        }
        log.info("Account activation {} created account {}", execution.getProcessInstanceId(), id);
        execution.setVariable(VAR_CREATED_ACCOUNT_ID, id);
        execution.setVariable(VAR_ACCOUNT_CREATED, true);
    }

    private static String trimmed(Object value) {
        return value instanceof String text ? text.trim() : "";
    }
}

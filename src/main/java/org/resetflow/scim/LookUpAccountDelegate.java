package org.resetflow.scim;

import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_DISPLAY_NAME;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ELIGIBLE;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_EMAIL;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_GROUPS;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_LANGUAGE;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_TIME_ZONE;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_USER_NAME;
import static org.resetflow.PasswordResetProcess.VAR_INELIGIBLE_REASON;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.resetflow.PasswordResetProcess;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.language.Languages;
import org.resetflow.request.PendingLookups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Look up account": finds the one active account the typed identifier names, or records why there is none. The
 * identifier comes from {@link PendingLookups} and is gone once this job commits; only the account's id and names, or
 * the reason, stay in the process. A reset that was not started by the request page has no identifier and ends
 * at "No eligible account" with the reason {@code no-request}. An activation is looked up by the id of the account
 * its process created, and by nothing else.
 */
@Component
class LookUpAccountDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(LookUpAccountDelegate.class);

    static final String REASON_NO_REQUEST = "no-request";
    /** An activation that created no account: there is nobody to send its link to. */
    static final String REASON_NO_ACCOUNT_CREATED = "no-account-created";

    private final AccountLookup accountLookup;
    private final PendingLookups pendingLookups;

    LookUpAccountDelegate(AccountLookup accountLookup, PendingLookups pendingLookups) {
        this.accountLookup = accountLookup;
        this.pendingLookups = pendingLookups;
    }

    /**
     * The account name helpdesk-reset passed in through its call activity. Only a reset called by another process
     * has one: a reset started on its own (REST, Cockpit) with this variable is still "no-request".
     */
    private static java.util.Optional<String> helpdeskAccountName(DelegateExecution execution) {
        if (!calledWithChannel(execution, PasswordResetProcess.CHANNEL_HELPDESK,
                PasswordResetProcess.CHANNEL_GENERATED_PASSWORD)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable((String) execution.getVariable(PasswordResetProcess.VAR_HELPDESK_ACCOUNT_NAME))
                .map(String::trim).filter(name -> !name.isEmpty());
    }

    private static boolean calledWithChannel(DelegateExecution execution, String... channels) {
        return execution.getProcessInstance().getSuperExecution() != null
                && java.util.Set.of(channels).contains(execution.getVariable(PasswordResetProcess.VAR_CHANNEL));
    }

    /**
     * An activation's account: the id its own "Create account" gave the call activity, read by that id and nothing
     * else. Never a name: a name could be an existing account's, and an activation link would then hand that
     * account (an admin's, say) a password without anyone's approval. No id, no account.
     */
    private AccountLookup.Result activationAccount(DelegateExecution execution) {
        Object id = execution.getVariable(VAR_ACCOUNT_ID);
        return id instanceof String accountId && !accountId.isBlank()
                ? accountLookup.byId(accountId)
                : AccountLookup.Result.ineligible(REASON_NO_ACCOUNT_CREATED);
    }

    @Override
    public void execute(DelegateExecution execution) {
        AccountLookup.Result result = calledWithChannel(execution, PasswordResetProcess.CHANNEL_ACTIVATION)
                ? activationAccount(execution)
                : pendingLookups.take(execution.getProcessInstanceId())
                        .or(() -> helpdeskAccountName(execution))
                        .map(accountLookup::lookUp)
                        .orElseGet(() -> AccountLookup.Result.ineligible(REASON_NO_REQUEST));

        execution.setVariable(VAR_ACCOUNT_ELIGIBLE, result.eligible());
        if (result.eligible()) {
            DirectoryAccount account = result.account();
            execution.setVariable(VAR_ACCOUNT_ID, account.id());
            execution.setVariable(VAR_ACCOUNT_USER_NAME, account.userName());
            execution.setVariable(VAR_ACCOUNT_EMAIL, account.email());
            execution.setVariable(VAR_ACCOUNT_DISPLAY_NAME, account.displayName());
            execution.setVariable(VAR_ACCOUNT_GROUPS, PasswordResetProcess.joinGroups(account.groups()));
            execution.removeVariable(PasswordResetProcess.VAR_HELPDESK_ACCOUNT_NAME);
            // Only what a mail can use: a language ResetFlow speaks, a time zone Java knows.
            Languages.ofAccount(account.preferredLanguage(), account.locale())
                    .ifPresent(language -> execution.setVariable(VAR_ACCOUNT_LANGUAGE, language.getLanguage()));
            Languages.timeZone(account.timezone())
                    .ifPresent(zone -> execution.setVariable(VAR_ACCOUNT_TIME_ZONE, zone.getId()));
        } else {
            execution.setVariable(VAR_INELIGIBLE_REASON, result.ineligibleReason());
            execution.removeVariable(PasswordResetProcess.VAR_HELPDESK_ACCOUNT_NAME);
            // An activation's id was passed in; a reset without an eligible account has no account id.
            execution.removeVariable(VAR_ACCOUNT_ID);
            log.info("Reset {} ends without a mail: {}", execution.getProcessInstanceId(), result.ineligibleReason());
        }
    }
}

package org.resetflow.helpdesk;

import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_ACCOUNT_NAMES;
import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY;
import static org.resetflow.helpdesk.HelpdeskResetProcess.VAR_REVOKED_ACCOUNTS;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.resetflow.directory.BulkPasswordResult;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Revoke passwords", for a breach: gives each named account a random password nobody ever sees, so the old one
 * stops working at once; the reset links follow. All accounts in one call to the directory, which uses one
 * {@code /Bulk} request where its dialect has one (Oracle, or an RFC 7644 directory offering Bulk) and one request
 * per account otherwise; each account's own status decides, since a Bulk request can succeed while single
 * operations fail. The random passwords live only in this method's memory. A member of the privileged group is
 * revoked only when an admin started the request ({@link PrivilegedAccountGuard}); otherwise it is left out of the
 * directory call and gets no link.
 */
@Component
class RevokePasswordsDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(RevokePasswordsDelegate.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Directory directory;
    private final HelpdeskAccounts accounts;
    private final PrivilegedAccountGuard guard;

    RevokePasswordsDelegate(Directory directory, HelpdeskAccounts accounts, PrivilegedAccountGuard guard) {
        this.directory = directory;
        this.accounts = accounts;
        this.guard = guard;
    }

    @Override
    public void execute(DelegateExecution execution) {
        PrivilegedAccountGuard.Starter starter = guard.starterOf(execution.getProcessInstanceId());
        List<String> summary = new ArrayList<>();
        Map<String, String> nameById = new LinkedHashMap<>();
        for (String name : accounts.names((String) execution.getVariable(VAR_ACCOUNT_NAMES))) {
            List<DirectoryAccount> found = directory.findByUserName(name);
            if (found.isEmpty()) {
                summary.add(name + ": not found");
            } else if (found.size() > 1) {
                summary.add(name + ": refused (ambiguous: " + found.size() + " accounts have this name)");
            } else if (!guard.mayChange(found.get(0), starter)) {
                summary.add(name + ": " + PrivilegedAccountGuard.refusal("password unchanged, no link sent"));
            } else {
                nameById.put(found.get(0).id(), name);
            }
        }
        List<String> revoked = new ArrayList<>();
        if (!nameById.isEmpty()) {
            Map<String, String> unusable = new LinkedHashMap<>();
            nameById.keySet().forEach(id -> unusable.put(id, unusablePassword()));
            List<BulkPasswordResult> results = directory.setPasswords(unusable);
            unusable.clear();
            for (BulkPasswordResult result : results) {
                String name = nameById.get(result.accountId());
                if (result.succeeded()) {
                    revoked.add(name);
                } else {
                    summary.add(name + ": refused (the directory answered " + result.status()
                            + (result.reason() == null ? "" : ": " + result.reason()) + "; password unchanged)");
                }
            }
        }
        log.info("Helpdesk request {} revoked {} of {} passwords", execution.getProcessInstanceId(), revoked.size(),
                nameById.size());
        execution.setVariable(VAR_REVOKED_ACCOUNTS, String.join("\n", revoked));
        execution.setVariable(VAR_ACCOUNT_SUMMARY, String.join("\n", summary));
    }

    /** 40 random characters with every character class a password policy may demand; shown to nobody. */
    static String unusablePassword() {
        byte[] bytes = new byte[27];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "aZ7!";
    }
}

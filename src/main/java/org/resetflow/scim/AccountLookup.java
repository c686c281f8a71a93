package org.resetflow.scim;

import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Decides whether an identifier names exactly one active account. Input with an {@code @} is an e-mail address,
 * anything else a user name. Every "no" is the same to the requester; the reason is only for the admin.
 */
@Service
class AccountLookup {

    private final Directory directory;

    AccountLookup(Directory directory) {
        this.directory = directory;
    }

    Result lookUp(String identifier) {
        List<DirectoryAccount> matches = identifier.contains("@")
                ? directory.findByEmail(identifier)
                : directory.findByUserName(identifier);
        if (matches.isEmpty()) {
            return Result.ineligible("no-match");
        }
        if (matches.size() > 1) {
            return Result.ineligible("ambiguous");
        }
        DirectoryAccount account = matches.get(0);
        if (!account.active()) {
            return Result.ineligible("inactive");
        }
        if (account.email() == null || account.email().isBlank()) {
            return Result.ineligible("no-email");
        }
        return new Result(account, null);
    }

    record Result(DirectoryAccount account, String ineligibleReason) {

        static Result ineligible(String reason) {
            return new Result(null, reason);
        }

        boolean eligible() {
            return account != null;
        }
    }
}

package org.resetflow.scim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * Decides whether an identifier names exactly one active account. Input with an {@code @} may be an e-mail address
 * or a UPN-style user name (Entra ID, Okta: {@code alice@corp.example}, not necessarily the user's e-mail), so it is
 * searched both ways; anything else is a user name. Every "no" is the same to the requester; the reason is only for
 * the admin.
 */
@Service
public class AccountLookup {

    private final Directory directory;

    AccountLookup(Directory directory) {
        this.directory = directory;
    }

    public Result lookUp(String identifier) {
        List<DirectoryAccount> matches = identifier.contains("@")
                ? byUserNameAndByEmail(identifier)
                : directory.findByUserName(identifier);
        if (matches.isEmpty()) {
            return Result.ineligible("no-match");
        }
        if (matches.size() > 1) {
            return Result.ineligible("ambiguous");
        }
        return eligibility(matches.get(0));
    }

    /**
     * {@link #lookUp} for each identifier, in the order given: the result at index i is the one for identifier i.
     */
    public List<Result> lookUpAll(List<String> identifiers) {
        return identifiers.stream().map(this::lookUp).toList();
    }

    /**
     * The one account with this directory id, read as it is now ({@code GET /Users/{id}}), for a reset that was given
     * its account rather than an identifier to search: an activation, whose account its own process created.
     */
    Result byId(String accountId) {
        DirectoryAccount account;
        try {
            account = directory.readAccount(accountId);
        } catch (AccountGoneException e) {
            return Result.ineligible("no-match");
        }
        return eligibility(account);
    }

    private static Result eligibility(DirectoryAccount account) {
        if (!account.active()) {
            return Result.ineligible("inactive");
        }
        if (account.email() == null || account.email().isBlank()) {
            return Result.ineligible("no-email");
        }
        return new Result(account, null);
    }

    /**
     * Both searches every time, even when the first already found an account, so every identifier with an {@code @}
     * costs the directory the same two calls. One account per id: a user whose user name is also their address is
     * found twice, and two different accounts, one per search, are as ambiguous as two found by one search.
     */
    private List<DirectoryAccount> byUserNameAndByEmail(String identifier) {
        List<DirectoryAccount> byUserName = directory.findByUserName(identifier);
        List<DirectoryAccount> byEmail = directory.findByEmail(identifier);
        Map<String, DirectoryAccount> byId = new LinkedHashMap<>();
        Stream.concat(byUserName.stream(), byEmail.stream()).forEach(account -> byId.putIfAbsent(account.id(), account));
        return List.copyOf(byId.values());
    }

    public record Result(DirectoryAccount account, String ineligibleReason) {

        static Result ineligible(String reason) {
            return new Result(null, reason);
        }

        public boolean eligible() {
            return account != null;
        }
    }
}

package org.resetflow.directory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.resetflow.PasswordResetProcess;
import org.resetflow.language.Languages;
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

    public AccountLookup(Directory directory) {
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
     * {@link #lookUp} for each identifier, in the order given (the result at index i is identifier i's), in as few
     * directory requests as the directory allows: where it searches in batches, one search per batch, whose answer is
     * matched to the identifiers here by the same rules. SCIM compares {@code userName} and {@code emails.value}
     * ignoring case (RFC 7643 §4.1: caseExact false), and so does the match. A batch the directory did not serve is
     * halved until it is served or down to single identifiers.
     */
    public List<Result> lookUpAll(List<String> identifiers) {
        if (!directory.searchesInBatches()) {
            return identifiers.stream().map(this::lookUp).toList();
        }
        Map<String, Result> results = new HashMap<>();
        // An account that is several identifiers' one match is completed once (Ping: one read of its state).
        Map<String, DirectoryAccount> completed = new HashMap<>();
        for (List<String> batch : directory.searchBatches(identifiers.stream().distinct().toList())) {
            lookUpBatch(batch, results, completed);
        }
        return identifiers.stream().map(results::get).toList();
    }

    /**
     * One search for the batch; when the directory does not serve it, each half on its own, down to single
     * identifiers. So one identifier the directory's filter parser chokes on (hostile input is expected here) costs
     * about two searches per halving, not a search for every identifier of its batch. An identifier without an
     * {@code @} is one search either way, so alone it goes straight to {@link #lookUp}.
     */
    private void lookUpBatch(List<String> batch, Map<String, Result> results, Map<String, DirectoryAccount> completed) {
        if (batch.size() == 1 && !batch.get(0).contains("@")) {
            results.put(batch.get(0), lookUp(batch.get(0)));
            return;
        }
        Optional<List<FoundAccount>> found = directory.findAny(batch);
        if (found.isPresent()) {
            batch.forEach(identifier -> results.put(identifier, matched(identifier, found.get(), completed)));
        } else if (batch.size() == 1) {
            results.put(batch.get(0), lookUp(batch.get(0)));
        } else {
            int half = batch.size() / 2;
            lookUpBatch(batch.subList(0, half), results, completed);
            lookUpBatch(batch.subList(half, batch.size()), results, completed);
        }
    }

    /** As {@link #lookUp} decides, from the accounts a batch search found: one account per id, two are ambiguous. */
    private Result matched(String identifier, List<FoundAccount> found, Map<String, DirectoryAccount> completed) {
        Map<String, DirectoryAccount> byId = new LinkedHashMap<>();
        found.stream().filter(candidate -> names(candidate, identifier))
                .forEach(candidate -> byId.putIfAbsent(candidate.account().id(), candidate.account()));
        if (byId.isEmpty()) {
            return Result.ineligible("no-match");
        }
        if (byId.size() > 1) {
            return Result.ineligible("ambiguous");
        }
        DirectoryAccount only = byId.values().iterator().next();
        return eligibility(completed.computeIfAbsent(only.id(), id -> directory.completeMatch(only)));
    }

    /**
     * Whether a single look-up's searches would have found this account for the identifier, compared as the
     * directory's equality filter compares ({@link Directory#sameValue}).
     */
    private boolean names(FoundAccount candidate, String identifier) {
        if (candidate.userNames().stream().anyMatch(userName -> directory.sameValue(userName, identifier))) {
            return true;
        }
        return identifier.contains("@")
                && candidate.emails().stream().anyMatch(address -> directory.sameValue(address, identifier));
    }

    /**
     * The one account with this directory id, read as it is now ({@code GET /Users/{id}}), for a reset that was given
     * its account rather than an identifier to search: an activation, whose account its own process created.
     */
    public Result byId(String accountId) {
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

    /** An identifier's account, or why there is none ({@code no-match}, {@code ambiguous}, {@code inactive}, ...). */
    public record Result(DirectoryAccount account, String ineligibleReason) {

        public static Result ineligible(String reason) {
            return new Result(null, reason);
        }

        public boolean eligible() {
            return account != null;
        }

        /**
         * What a password reset starts with for this account: its id, names and address for the mails, its groups for
         * the approval form, whether it is privileged (a member of {@code privilegedGroup}) for the policy table,
         * which so compares no strings itself, and whether it is locked out (the table's input for an unlock).
         * Language and time zone only where they are usable: a language ResetFlow speaks, a time zone Java knows.
         */
        public Map<String, Object> resetVariables(String privilegedGroup) {
            if (!eligible()) {
                throw new IllegalStateException("No account to reset: " + ineligibleReason);
            }
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put(PasswordResetProcess.VAR_ACCOUNT_ID, account.id());
            variables.put(PasswordResetProcess.VAR_ACCOUNT_USER_NAME, account.userName());
            variables.put(PasswordResetProcess.VAR_ACCOUNT_EMAIL, account.email());
            variables.put(PasswordResetProcess.VAR_ACCOUNT_DISPLAY_NAME, account.displayName());
            variables.put(PasswordResetProcess.VAR_ACCOUNT_GROUPS, PasswordResetProcess.joinGroups(account.groups()));
            variables.put(PasswordResetProcess.VAR_ACCOUNT_PRIVILEGED, account.groups().contains(privilegedGroup));
            variables.put(PasswordResetProcess.VAR_ACCOUNT_LOCKED, account.locked());
            Languages.ofAccount(account.preferredLanguage(), account.locale())
                    .ifPresent(language -> variables.put(PasswordResetProcess.VAR_ACCOUNT_LANGUAGE,
                            language.getLanguage()));
            Languages.timeZone(account.timezone())
                    .ifPresent(zone -> variables.put(PasswordResetProcess.VAR_ACCOUNT_TIME_ZONE, zone.getId()));
            return variables;
        }
    }
}

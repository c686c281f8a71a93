package org.resetflow.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The eligibility rules over a directory stub. Entra ID and Okta give users UPN-style user names
 * ({@code alice@corp.example}) that need not be their e-mail address, so an identifier with an {@code @} is searched
 * both ways, and the two answers together must name exactly one account.
 */
class AccountLookupTest {

    private static final String UPN = "upn.user@corp.example";

    private final SearchStub directory = new SearchStub();
    private final AccountLookup lookup = new AccountLookup(directory);

    @Test
    void shouldFindAUpnUserByUserNameOnly() {
        // Given a user whose user name is an address, and whose e-mail is another one
        DirectoryAccount upnUser = account("id-upn", UPN, "upn.private@example.net");
        directory.userNames.put(UPN, List.of(upnUser));

        // When the user name is typed
        AccountLookup.Result result = lookup.lookUp(UPN);

        // Then that account is found, after both searches
        assertThat(result.eligible()).isTrue();
        assertThat(result.account()).isEqualTo(upnUser);
        assertThat(directory.searches).containsExactly("userName " + UPN, "email " + UPN);
    }

    @Test
    void shouldFindAnAccountByEmailOnly() {
        // Given a user with a plain user name, known by the address typed
        DirectoryAccount alice = account("id-alice", "alice", "alice@example.org");
        directory.emails.put("alice@example.org", List.of(alice));

        // When the address is typed
        AccountLookup.Result result = lookup.lookUp("alice@example.org");

        // Then that account is found, and the user-name search was made all the same
        assertThat(result.eligible()).isTrue();
        assertThat(result.account()).isEqualTo(alice);
        assertThat(directory.searches).containsExactly("userName alice@example.org", "email alice@example.org");
    }

    @Test
    void shouldCountTheSameAccountFoundBothWaysOnce() {
        // Given a user whose user name is also the e-mail address, so both searches find the account
        DirectoryAccount upnUser = account("id-upn", UPN, UPN);
        directory.userNames.put(UPN, List.of(upnUser));
        directory.emails.put(UPN, List.of(account("id-upn", UPN, UPN)));

        // When the address is typed
        AccountLookup.Result result = lookup.lookUp(UPN);

        // Then it is one account, not an ambiguous pair
        assertThat(result.eligible()).isTrue();
        assertThat(result.account().id()).isEqualTo("id-upn");
        assertThat(directory.searches).hasSize(2);
    }

    @Test
    void shouldCallTwoAccountsAmbiguousWhenUserNameAndEmailNameDifferentOnes() {
        // Given one account with the address as user name, and another with it as e-mail
        directory.userNames.put(UPN, List.of(account("id-upn", UPN, "upn.private@example.net")));
        directory.emails.put(UPN, List.of(account("id-other", "other", UPN)));

        // When the address is typed
        AccountLookup.Result result = lookup.lookUp(UPN);

        // Then neither gets a link: the identifier does not say whose password would change
        assertThat(result.eligible()).isFalse();
        assertThat(result.ineligibleReason()).isEqualTo("ambiguous");
    }

    @Test
    void shouldApplyTheInactiveRuleToAnAccountFoundByUserName() {
        // Given a disabled UPN user
        directory.userNames.put(UPN, List.of(
                new DirectoryAccount("id-upn", UPN, "upn.private@example.net", "Upn User", false)));

        // When the user name is typed
        AccountLookup.Result result = lookup.lookUp(UPN);

        // Then no mail goes to the disabled account
        assertThat(result.ineligibleReason()).isEqualTo("inactive");
    }

    @Test
    void shouldSearchAnIdentifierWithoutAtAsUserNameOnly() {
        // Given alice
        directory.userNames.put("alice", List.of(account("id-alice", "alice", "alice@example.org")));

        // When her user name is typed
        AccountLookup.Result result = lookup.lookUp("alice");

        // Then one user-name search finds her; an identifier without "@" is never an address
        assertThat(result.account().id()).isEqualTo("id-alice");
        assertThat(directory.searches).containsExactly("userName alice");
    }

    @Test
    void shouldReadAnAccountGivenByIdAsItIsNowAndNeverSearch() {
        // Given frank, just created, and a disabled account
        directory.byId.put("id-frank", account("id-frank", "frank", "frank@example.org"));
        directory.byId.put("id-off", new DirectoryAccount("id-off", "off", "off@example.org", "Off", false));

        // Then frank's id names frank, a disabled account is inactive, an id the directory no longer has names nobody
        assertThat(lookup.byId("id-frank").account().userName()).isEqualTo("frank");
        assertThat(lookup.byId("id-off").ineligibleReason()).isEqualTo("inactive");
        assertThat(lookup.byId("id-gone").ineligibleReason()).isEqualTo("no-match");
        // and each was one read by id: no search by a name that another account could have
        assertThat(directory.searches).containsExactly("id id-frank", "id id-off", "id id-gone");
    }

    @Test
    void shouldMatchABatchAnswerByTheSingleLookUpsRules() {
        // Given a directory that searches in batches, holding alice (a second address too), a UPN user, a disabled
        // account, and two accounts sharing an address
        BatchStub batches = new BatchStub();
        batches.accounts.add(new FoundAccount(account("id-alice", "alice", "alice@example.org"),
                List.of("alice@example.org", "a.adams@example.net")));
        batches.accounts.add(new FoundAccount(account("id-upn", UPN, "upn.private@example.net"),
                List.of("upn.private@example.net")));
        batches.accounts.add(new FoundAccount(
                new DirectoryAccount("id-off", "off", "off@example.org", "Off", false), List.of("off@example.org")));
        batches.accounts.add(new FoundAccount(account("id-t1", "t1", "team@example.org"), List.of("team@example.org")));
        batches.accounts.add(new FoundAccount(account("id-t2", "t2", "team@example.org"), List.of("team@example.org")));
        AccountLookup batched = new AccountLookup(batches);

        // When identifiers naming them every way are looked up at once
        List<AccountLookup.Result> results = batched.lookUpAll(List.of("ALICE", "A.Adams@Example.NET",
                "Upn.User@corp.example", "upn.private", "off", "team@example.org", "alice@example.org", "ALICE"));

        // Then SCIM's case rules and the single look-up's hold: an address only for input with an @, any of an
        // account's addresses, one account per id, two ambiguous, disabled inactive, and the order kept
        assertThat(results).extracting(result -> result.eligible() ? result.account().id() : result.ineligibleReason())
                .containsExactly("id-alice", "id-alice", "id-upn", "no-match", "inactive", "ambiguous", "id-alice",
                        "id-alice");
        // and each account found as an identifier's one match was completed once, the repeat searched once
        assertThat(batches.completed).containsExactly("id-alice", "id-upn", "id-off");
        assertThat(batches.searched).containsExactly(List.of("ALICE", "A.Adams@Example.NET", "Upn.User@corp.example",
                "upn.private", "off", "team@example.org", "alice@example.org"));
    }

    @Test
    void shouldMatchABatchAnswerByEveryUserNameAndTheDirectorysOwnComparison() {
        // Given a directory that searches in batches and compares values exactly, holding an account with two user
        // names (LDAP's several uid values; AD's sAMAccountName and userPrincipalName)
        BatchStub batches = new BatchStub();
        batches.sameValue = String::equals;
        batches.accounts.add(new FoundAccount(account("id-henry", "henry", "henry@example.org"),
                List.of("henry@example.org"), List.of("henry", "henry.hill@corp.example")));

        // When the second user name, and the first in another case, are looked up at once
        List<AccountLookup.Result> results = new AccountLookup(batches).lookUpAll(List.of("henry.hill@corp.example",
                "HENRY", "henry"));

        // Then the second user name names the account, and the directory's own comparison decides the case
        assertThat(results).extracting(result -> result.eligible() ? result.account().id() : result.ineligibleReason())
                .containsExactly("id-henry", "no-match", "id-henry");
    }

    /** A directory that serves every batch in one search, answering with all its accounts, to be matched here. */
    private static final class BatchStub implements Directory {

        final List<FoundAccount> accounts = new ArrayList<>();
        final List<List<String>> searched = new ArrayList<>();
        final List<String> completed = new ArrayList<>();
        java.util.function.BiPredicate<String, String> sameValue = String::equalsIgnoreCase;

        @Override
        public boolean sameValue(String value, String identifier) {
            return sameValue.test(value, identifier);
        }

        @Override
        public boolean searchesInBatches() {
            return true;
        }

        @Override
        public List<List<String>> searchBatches(List<String> identifiers) {
            return List.of(identifiers);
        }

        @Override
        public java.util.Optional<List<FoundAccount>> findAny(List<String> identifiers) {
            searched.add(identifiers);
            return java.util.Optional.of(accounts);
        }

        @Override
        public DirectoryAccount completeMatch(DirectoryAccount account) {
            completed.add(account.id());
            return account;
        }

        @Override
        public List<DirectoryAccount> findByUserName(String userName) {
            throw new AssertionError("a served batch searches no identifier on its own");
        }

        @Override
        public List<DirectoryAccount> findByEmail(String email) {
            throw new AssertionError("a served batch searches no identifier on its own");
        }

        @Override
        public DirectoryAccount readAccount(String accountId) {
            throw new UnsupportedOperationException("not part of the look-up");
        }

        @Override
        public void setPassword(String accountId, String newPassword) {
            throw new UnsupportedOperationException("not part of the look-up");
        }
    }

    private static DirectoryAccount account(String id, String userName, String email) {
        return new DirectoryAccount(id, userName, email, userName, true);
    }

    /** Answers searches and reads by id from maps, and records each call it received, in order. */
    private static final class SearchStub implements Directory {

        final Map<String, List<DirectoryAccount>> userNames = new HashMap<>();
        final Map<String, List<DirectoryAccount>> emails = new HashMap<>();
        final Map<String, DirectoryAccount> byId = new HashMap<>();
        final List<String> searches = new ArrayList<>();

        @Override
        public List<DirectoryAccount> findByUserName(String userName) {
            searches.add("userName " + userName);
            return userNames.getOrDefault(userName, List.of());
        }

        @Override
        public List<DirectoryAccount> findByEmail(String email) {
            searches.add("email " + email);
            return emails.getOrDefault(email, List.of());
        }

        @Override
        public DirectoryAccount readAccount(String accountId) {
            searches.add("id " + accountId);
            DirectoryAccount account = byId.get(accountId);
            if (account == null) {
                throw new AccountGoneException("no such account");
            }
            return account;
        }

        @Override
        public void setPassword(String accountId, String newPassword) {
            throw new UnsupportedOperationException("not part of the look-up");
        }
    }
}

package org.resetflow.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.matchingrules.CaseIgnoreStringMatchingRule;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.resetflow.directory.AccountGoneException;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.FoundAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both LDAP dialects share: equality searches under the base DN (at most two entries: more than one is
 * ambiguous anyway), batched look-ups (one search with an {@code or} of the same equality filters), reading an
 * account by its DN (the account id), the health check, and group names from {@code memberOf}. Every filter is
 * built with {@link Filter#createEqualityFilter}, which escapes the value as RFC 4515 asks, so what a requester typed
 * can never change a filter's shape.
 */
abstract class LdapDirectory implements Directory {

    /** More than one match is ambiguous, so a look-up never needs a third. */
    static final int SIZE_LIMIT = 2;

    /**
     * A server's answers to a batch search that mean "not this search, not this way": its own size limit, an
     * administrative limit (AD's MaxPageSize, MaxQueryDuration), a time limit, or a refusal of the filter. Smaller
     * batches may be served, so the caller halves the batch; a single look-up still gets these as failures.
     */
    private static final Set<ResultCode> BATCH_REFUSED = Set.of(ResultCode.SIZE_LIMIT_EXCEEDED,
            ResultCode.ADMIN_LIMIT_EXCEEDED, ResultCode.TIME_LIMIT_EXCEEDED, ResultCode.UNWILLING_TO_PERFORM,
            ResultCode.PROTOCOL_ERROR, ResultCode.FILTER_ERROR);

    private static final Logger log = LoggerFactory.getLogger(LdapDirectory.class);

    /**
     * The value the health check searches for: a space and a colon, which no account name has, so the answer is an
     * empty list, never an account.
     */
    static final String HEALTH_CHECK_USER_NAME = "resetflow health-check: no such user";

    final LdapConnections ldap;
    private final DN baseDn;

    LdapDirectory(LdapConnections ldap) {
        this.ldap = ldap;
        try {
            this.baseDn = new DN(ldap.baseDn());
        } catch (LDAPException e) {
            throw new IllegalStateException("resetflow.ldap.base-dn is not a DN");
        }
    }

    /** The attributes a look-up by user name compares, each with an equality filter. */
    abstract String[] userNameAttributes();

    /** The filter a look-up by user name sends: an equality filter per user name attribute, restricted to accounts. */
    Filter userNameFilter(String userName) {
        return accounts(anyOf(userNameTerms(userName)));
    }

    /** The filter a look-up by e-mail address sends. */
    Filter emailFilter(String email) {
        return accounts(emailTerm(email));
    }

    private List<Filter> userNameTerms(String userName) {
        return Arrays.stream(userNameAttributes()).map(attribute -> Filter.createEqualityFilter(attribute, userName))
                .toList();
    }

    private static Filter emailTerm(String email) {
        return Filter.createEqualityFilter("mail", email);
    }

    private static Filter anyOf(List<Filter> terms) {
        return terms.size() == 1 ? terms.get(0) : Filter.createORFilter(terms);
    }

    /** Restricts a filter to the entries that are people's accounts in this dialect. */
    abstract Filter accounts(Filter filter);

    /** The attributes {@link #toAccount} reads; never a password attribute. */
    abstract String[] attributes();

    abstract DirectoryAccount toAccount(SearchResultEntry entry);

    @Override
    public List<DirectoryAccount> findByUserName(String userName) {
        return nameable(userName) ? search(userNameFilter(userName)) : List.of();
    }

    @Override
    public List<DirectoryAccount> findByEmail(String email) {
        return nameable(email) ? search(emailFilter(email)) : List.of();
    }

    /**
     * Whether a value may name an account at all. One with a NUL does not, and is never sent: Samba cuts a value at
     * its NUL, so {@code alice}, a NUL and anything after it, escaped or not, would find alice.
     */
    static boolean nameable(String value) {
        return value.indexOf('\0') < 0;
    }

    /** Both dialects search a batch in one request, {@code resetflow.ldap.search.max-batch} identifiers at most. */
    @Override
    public boolean searchesInBatches() {
        return true;
    }

    @Override
    public List<List<String>> searchBatches(List<String> identifiers) {
        int maxBatch = ldap.maxBatch();
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < identifiers.size(); from += maxBatch) {
            batches.add(List.copyOf(identifiers.subList(from, Math.min(identifiers.size(), from + maxBatch))));
        }
        return batches;
    }

    /**
     * One search for the batch: the equality terms of every single search its identifiers would get (user name
     * attributes, and {@code mail} for an identifier with an {@code @}), escaped by the same builder, in one
     * {@code or} restricted to accounts. At most two entries per single search it replaces, so an answer within that
     * limit holds every entry each single search would have seen: more than that is the server's size limit
     * exceeded, and the batch is not served, as it is not when the server refuses the search itself.
     */
    @Override
    public Optional<List<FoundAccount>> findAny(List<String> identifiers) {
        List<Filter> terms = new ArrayList<>();
        int searches = 0;
        for (String identifier : identifiers.stream().filter(LdapDirectory::nameable).toList()) {
            terms.addAll(userNameTerms(identifier));
            searches++;
            if (identifier.contains("@")) {
                terms.add(emailTerm(identifier));
                searches++;
            }
        }
        if (terms.isEmpty()) {
            return Optional.of(List.of());
        }
        SearchRequest request = searchRequest(accounts(anyOf(terms)), SIZE_LIMIT * searches);
        List<SearchResultEntry> entries = ldap.read("look up accounts", connection -> {
            try {
                return connection.search(request).getSearchEntries();
            } catch (LDAPSearchException e) {
                if (BATCH_REFUSED.contains(e.getResultCode())) {
                    log.info("LDAP directory {} did not serve a look-up of {} identifiers in one search ({}); "
                            + "smaller batches instead", ldap.describe(), identifiers.size(),
                            e.getResultCode().getName());
                    return null;
                }
                throw e;
            }
        });
        if (entries == null) {
            return Optional.empty();
        }
        List<FoundAccount> found = new ArrayList<>();
        for (SearchResultEntry entry : entries) {
            found.add(new FoundAccount(toAccount(entry), values(entry, "mail"), values(entry, userNameAttributes())));
        }
        return Optional.of(found);
    }

    /**
     * LDAP's own equality for the attributes a look-up compares ({@code uid}, {@code mail}, {@code sAMAccountName},
     * {@code userPrincipalName}: caseIgnoreMatch and its IA5 twin, RFC 4517 §4.2.11): case folded, leading and
     * trailing spaces dropped, inner runs of spaces as one. Not Java's {@code equalsIgnoreCase}, which takes
     * {@code alıce} (dotless i) for {@code alice} where the server does not.
     */
    @Override
    public boolean sameValue(String value, String identifier) {
        return CaseIgnoreStringMatchingRule.getInstance().valuesMatch(new ASN1OctetString(value),
                new ASN1OctetString(identifier));
    }

    private static List<String> values(SearchResultEntry entry, String... attributes) {
        List<String> values = new ArrayList<>();
        for (String attribute : attributes) {
            String[] own = entry.getAttributeValues(attribute);
            if (own != null) {
                values.addAll(Arrays.asList(own));
            }
        }
        return values;
    }

    @Override
    public DirectoryAccount readAccount(String accountId) {
        return toAccount(entry(accountId));
    }

    /** The account's entry as it is now, read by its DN; only DNs under the base DN are accounts. */
    SearchResultEntry entry(String accountId) {
        String dn = accountDn(accountId);
        SearchResultEntry entry = ldap.read("read the account", connection -> {
            try {
                return connection.getEntry(dn, attributes());
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                    return null;
                }
                throw e;
            }
        });
        if (entry == null) {
            throw gone();
        }
        return entry;
    }

    /** The DN of an account id, refused unless it lies under the base DN: an id is never a way out of it. */
    String accountDn(String accountId) {
        try {
            DN dn = new DN(accountId);
            if (dn.isDescendantOf(baseDn, false)) {
                return dn.toString();
            }
        } catch (LDAPException e) {
            // not a DN: no account of ours
        }
        throw gone();
    }

    AccountGoneException gone() {
        return new AccountGoneException("Account is no longer in LDAP directory " + ldap.describe());
    }

    /**
     * The search a look-up sends (same base, scope and attributes), for a user name no account has, on a fresh
     * connection bound as the service account: up when a reset could bind and search now.
     */
    @Override
    public void checkReachable() {
        SearchRequest request = searchRequest(userNameFilter(HEALTH_CHECK_USER_NAME));
        ldap.probe("check the directory", connection -> connection.search(request));
    }

    List<DirectoryAccount> search(Filter filter) {
        SearchRequest request = searchRequest(filter);
        List<SearchResultEntry> entries = ldap.read("look up an account", connection -> {
            try {
                SearchResult result = connection.search(request);
                return result.getSearchEntries();
            } catch (LDAPSearchException e) {
                if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                    // Two found, and more there: ambiguous, which the two already show.
                    return e.getSearchEntries();
                }
                throw e;
            }
        });
        List<DirectoryAccount> accounts = new ArrayList<>();
        for (SearchResultEntry entry : entries) {
            accounts.add(toAccount(entry));
        }
        return List.copyOf(accounts);
    }

    private SearchRequest searchRequest(Filter filter) {
        return searchRequest(filter, SIZE_LIMIT);
    }

    private SearchRequest searchRequest(Filter filter, int sizeLimit) {
        return new SearchRequest(baseDn.toString(), SearchScope.SUB, DereferencePolicy.NEVER, sizeLimit,
                (int) Math.max(1, ldap.readTimeout().toSeconds()), false, filter, attributes());
    }

    /** Group names from {@code memberOf} DNs: the value of each group's first RDN ({@code cn=helpdesk,...}). */
    static List<String> groups(SearchResultEntry entry) {
        String[] dns = entry.getAttributeValues("memberOf");
        if (dns == null) {
            return List.of();
        }
        List<String> groups = new ArrayList<>();
        for (String value : dns) {
            try {
                RDN rdn = new DN(value).getRDN();
                if (rdn != null && rdn.getAttributeValues().length > 0) {
                    groups.add(rdn.getAttributeValues()[0]);
                }
            } catch (LDAPException e) {
                // not a DN: not a group we could name
            }
        }
        return groups;
    }

    static String first(SearchResultEntry entry, String... attributes) {
        for (String attribute : attributes) {
            String value = entry.getAttributeValue(attribute);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}

package org.resetflow.ldap;

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
import java.util.List;
import org.resetflow.directory.AccountGoneException;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;

/**
 * What both LDAP dialects share: equality searches under the base DN (at most two entries: more than one is
 * ambiguous anyway), reading an account by its DN (the account id), the health check, and group names from
 * {@code memberOf}. Every filter is built with {@link Filter#createEqualityFilter}, which escapes the value as
 * RFC 4515 asks, so what a requester typed can never change a filter's shape.
 */
abstract class LdapDirectory implements Directory {

    /** More than one match is ambiguous, so a look-up never needs a third. */
    static final int SIZE_LIMIT = 2;

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

    /** The filter a look-up by user name sends, for this dialect's attributes. */
    abstract Filter userNameFilter(String userName);

    /** The filter a look-up by e-mail address sends. */
    Filter emailFilter(String email) {
        return accounts(Filter.createEqualityFilter("mail", email));
    }

    /** Restricts a filter to the entries that are people's accounts in this dialect. */
    abstract Filter accounts(Filter filter);

    /** The attributes {@link #toAccount} reads; never a password attribute. */
    abstract String[] attributes();

    abstract DirectoryAccount toAccount(SearchResultEntry entry);

    @Override
    public List<DirectoryAccount> findByUserName(String userName) {
        return search(userNameFilter(userName));
    }

    @Override
    public List<DirectoryAccount> findByEmail(String email) {
        return search(emailFilter(email));
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
        SearchRequest request = new SearchRequest(baseDn.toString(), SearchScope.SUB, DereferencePolicy.NEVER,
                SIZE_LIMIT, (int) Math.max(1, ldap.readTimeout().toSeconds()), false, filter, attributes());
        return request;
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

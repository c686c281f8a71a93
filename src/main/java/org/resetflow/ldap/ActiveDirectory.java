package org.resetflow.ldap;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.PasswordRejectedByDirectoryException;

/**
 * Active Directory (and Samba's AD domain controller): accounts by {@code sAMAccountName},
 * {@code userPrincipalName} and {@code mail}; the password written to {@code unicodePwd} as AD wants it (the
 * password in double quotes, UTF-16LE), which AD accepts over an encrypted connection only, so this dialect refuses
 * plain LDAP at start-up. {@code userAccountControl}'s ACCOUNTDISABLE is inactive; {@code lockoutTime} (checked
 * against the computed {@code msDS-User-Account-Control-Computed} where the server has it, since a lockout ends by
 * itself after the domain's lockout duration) is locked.
 */
final class ActiveDirectory extends LdapDirectory {

    static final int ACCOUNTDISABLE = 0x2;
    /** The computed UF_LOCKOUT: locked now, not merely once. */
    static final int LOCKOUT = 0x10;
    static final String UAC = "userAccountControl";
    static final String UAC_COMPUTED = "msDS-User-Account-Control-Computed";
    static final String LOCKOUT_TIME = "lockoutTime";
    /** AD's error for a password its policy refuses (ERROR_PASSWORD_RESTRICTION), in the diagnostic text. */
    static final String PASSWORD_RESTRICTION = "0000052D";
    static final String POLICY_REASON = "The password does not meet the domain's password policy (length, "
            + "complexity, history or minimum age).";

    ActiveDirectory(LdapConnections ldap) {
        super(ldap);
        if (!ldap.encrypted()) {
            throw new IllegalStateException("resetflow.ldap.dialect=active-directory writes passwords to unicodePwd, "
                    + "which Active Directory accepts over TLS only: use an ldaps:// URL or resetflow.ldap.start-tls"
                    + "=true (resetflow.ldap.allow-plain is for the OpenLDAP dialect's tests)");
        }
    }

    @Override
    String[] userNameAttributes() {
        return new String[] {"sAMAccountName", "userPrincipalName"};
    }

    /** People's accounts: computers are {@code user} objects too. */
    @Override
    Filter accounts(Filter filter) {
        return Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "user"),
                Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer")), filter);
    }

    @Override
    String[] attributes() {
        return new String[] {"sAMAccountName", "userPrincipalName", "mail", "displayName", "cn",
                "preferredLanguage", "memberOf", UAC, UAC_COMPUTED, LOCKOUT_TIME};
    }

    /**
     * How Samba's directory compares its case-insensitive strings, which a batch's answer must be matched by:
     * leading and trailing spaces dropped, inner runs of spaces as one, and each character upper-cased on its own
     * where that is a pair of one lower and one upper case letter. So {@code JÜRGEN} is {@code jürgen}, but neither
     * the dotless {@code ı} nor the dotted {@code İ} is an {@code i}, as Samba finds them (LDAP's
     * {@code caseIgnoreMatch} as UnboundID reads it takes {@code ALİCE} for {@code alice}).
     */
    @Override
    public boolean sameValue(String value, String identifier) {
        return folded(value).equals(folded(identifier));
    }

    static String folded(String value) {
        StringBuilder folded = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint == ' ') {
                space = folded.length() > 0;
                continue;
            }
            if (space) {
                folded.append(' ');
                space = false;
            }
            int upper = Character.toUpperCase(codePoint);
            folded.appendCodePoint(Character.toLowerCase(upper) == codePoint ? upper : codePoint);
        }
        return folded.toString();
    }

    @Override
    DirectoryAccount toAccount(SearchResultEntry entry) {
        int uac = intValue(entry, UAC);
        boolean locked;
        if (entry.hasAttribute(UAC_COMPUTED)) {
            locked = (intValue(entry, UAC_COMPUTED) & LOCKOUT) != 0;
        } else {
            String lockoutTime = entry.getAttributeValue(LOCKOUT_TIME);
            locked = lockoutTime != null && !lockoutTime.equals("0");
        }
        return new DirectoryAccount(entry.getDN(), first(entry, "sAMAccountName"), first(entry, "mail"),
                first(entry, "displayName", "cn", "sAMAccountName"), (uac & ACCOUNTDISABLE) == 0, groups(entry),
                first(entry, "preferredLanguage"), null, null, locked);
    }

    private static int intValue(SearchResultEntry entry, String attribute) {
        Integer value = entry.getAttributeValueAsInteger(attribute);
        return value == null ? 0 : value;
    }

    /** An administrator's reset: replace, not delete-and-add, so the current password is not needed. */
    @Override
    public void setPassword(String accountId, String newPassword) {
        String dn = accountDn(accountId);
        ModifyRequest modify = new ModifyRequest(dn,
                new Modification(ModificationType.REPLACE, "unicodePwd", unicodePwd(newPassword)));
        ldap.write("set password", connection -> {
            try {
                return connection.modify(modify);
            } catch (LDAPException e) {
                throw refusal(e, newPassword);
            }
        });
    }

    /** AD's password value: the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5). */
    static byte[] unicodePwd(String password) {
        return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
    }

    /**
     * AD answers a policy refusal with 0000052D in the diagnostic text, as a constraint violation (Samba says why
     * after it: "check_password_restrictions: the password is too short...") or unwilling to perform (AD itself,
     * with no why). The why, when there is one, goes to the page, scrubbed of the password.
     */
    private RuntimeException refusal(LDAPException e, String newPassword) throws LDAPException {
        String text = e.getDiagnosticMessage();
        if (text != null && text.toUpperCase(Locale.ROOT).contains(PASSWORD_RESTRICTION)) {
            return new PasswordRejectedByDirectoryException(readable(text), newPassword);
        }
        if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
            return gone();
        }
        throw new LDAPException(e.getResultCode());
    }

    /** Samba's reason after its prefix; AD's own text is codes only, so the policy's gist instead. */
    static String readable(String diagnostic) {
        int restrictions = diagnostic.indexOf("check_password_restrictions:");
        if (restrictions >= 0) {
            String why = diagnostic.substring(restrictions + "check_password_restrictions:".length()).strip();
            if (!why.isEmpty()) {
                return Character.toUpperCase(why.charAt(0)) + why.substring(1);
            }
        }
        return POLICY_REASON;
    }

    @Override
    public void setActive(String accountId, boolean active) {
        String dn = accountDn(accountId);
        int uac = intValue(entry(dn), UAC);
        int now = active ? uac & ~ACCOUNTDISABLE : uac | ACCOUNTDISABLE;
        if (now == uac) {
            return;
        }
        ModifyRequest modify = new ModifyRequest(dn,
                new Modification(ModificationType.REPLACE, UAC, Integer.toString(now)));
        ldap.write("set the account state", connection -> connection.modify(modify));
    }

    /** {@code lockoutTime} 0 is AD's documented unlock; the password and the disabled flag stay as they are. */
    @Override
    public void unlock(String accountId) {
        String dn = accountDn(accountId);
        if (!toAccount(entry(dn)).locked()) {
            return;
        }
        ModifyRequest modify = new ModifyRequest(dn, new Modification(ModificationType.REPLACE, LOCKOUT_TIME, "0"));
        ldap.write("unlock the account", connection -> connection.modify(modify));
    }
}

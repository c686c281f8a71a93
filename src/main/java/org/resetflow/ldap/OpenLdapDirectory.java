package org.resetflow.ldap;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedResult;
import com.unboundid.ldap.sdk.unboundidds.controls.PasswordPolicyErrorType;
import com.unboundid.ldap.sdk.unboundidds.controls.PasswordPolicyRequestControl;
import com.unboundid.ldap.sdk.unboundidds.controls.PasswordPolicyResponseControl;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.PasswordRejectedByDirectoryException;

/**
 * OpenLDAP and other RFC servers: accounts by {@code uid} and {@code mail}; the password set with the Password
 * Modify extended operation (RFC 3062) carrying the password policy request control, whose answer (too short, in
 * history, too young, ...) goes to the page as the SCIM dialects' policy refusals do; a Password Modify without a new
 * password lets the server generate one. Lockouts are the ppolicy overlay's {@code pwdAccountLockedTime}: the value
 * {@code 000001010000Z} means locked until an administrator unlocks, which is how an account is disabled here
 * (inactive); any other value is a lockout after wrong passwords (locked).
 */
final class OpenLdapDirectory extends LdapDirectory {

    static final String LOCKED_TIME = "pwdAccountLockedTime";
    /** ppolicy's "locked until an administrator unlocks it": this dialect's disabled account. */
    static final String DISABLED = "000001010000Z";

    private static final String SET_PASSWORD = "set password";

    OpenLdapDirectory(LdapConnections ldap) {
        super(ldap);
    }

    @Override
    String[] userNameAttributes() {
        return new String[] {"uid"};
    }

    @Override
    Filter accounts(Filter filter) {
        return filter;
    }

    @Override
    String[] attributes() {
        return new String[] {"uid", "mail", "displayName", "cn", "preferredLanguage", "memberOf", LOCKED_TIME};
    }

    @Override
    DirectoryAccount toAccount(SearchResultEntry entry) {
        String lockedTime = entry.getAttributeValue(LOCKED_TIME);
        boolean disabled = DISABLED.equals(lockedTime);
        String userName = first(entry, "uid");
        return new DirectoryAccount(entry.getDN(), userName, first(entry, "mail"),
                first(entry, "displayName", "cn", "uid"), !disabled, groups(entry),
                first(entry, "preferredLanguage"), null, null, lockedTime != null && !disabled);
    }

    @Override
    public void setPassword(String accountId, String newPassword) {
        String dn = accountDn(accountId);
        passwordModify(dn, newPassword);
    }

    @Override
    public boolean generatesPasswords() {
        return true;
    }

    /** RFC 3062 §2: without a new password the server generates one and returns it. */
    @Override
    public String resetToGeneratedPassword(String accountId) {
        String generated = passwordModify(accountDn(accountId), null);
        if (generated == null || generated.isEmpty()) {
            throw new org.resetflow.directory.DirectoryException("LDAP directory " + ldap.describe() + " reset the "
                    + "password but sent no generated password", 0);
        }
        return generated;
    }

    /** @return the server's generated password when {@code newPassword} is null */
    private String passwordModify(String dn, String newPassword) {
        PasswordModifyExtendedRequest request = new PasswordModifyExtendedRequest(dn, (String) null, newPassword,
                new Control[] {new PasswordPolicyRequestControl()});
        ExtendedResult result = ldap.write(SET_PASSWORD, connection -> {
            ExtendedResult answer = connection.processExtendedOperation(request);
            if (answer.getResultCode() == ResultCode.SUCCESS) {
                return answer;
            }
            throw refusal(answer, newPassword);
        });
        return result instanceof PasswordModifyExtendedResult modified ? modified.getGeneratedPassword() : null;
    }

    /**
     * A policy refusal becomes {@link PasswordRejectedByDirectoryException}, with the ppolicy control's reason or,
     * for a refusal without one (a password-checker module), the server's own text, scrubbed of the password;
     * any other answer goes back to the retry rules as an {@link LDAPException} that carries no diagnostic text.
     */
    private RuntimeException refusal(ExtendedResult answer, String newPassword) throws LDAPException {
        PasswordPolicyResponseControl policy = null;
        try {
            policy = PasswordPolicyResponseControl.get(answer);
        } catch (LDAPException e) {
            // an unreadable control tells nothing; the result code still does
        }
        PasswordPolicyErrorType error = policy == null ? null : policy.getErrorType();
        if (error != null && error != PasswordPolicyErrorType.ACCOUNT_LOCKED
                && error != PasswordPolicyErrorType.PASSWORD_MOD_NOT_ALLOWED) {
            return new PasswordRejectedByDirectoryException(reason(error), newPassword);
        }
        if (answer.getResultCode() == ResultCode.CONSTRAINT_VIOLATION) {
            return new PasswordRejectedByDirectoryException(answer.getDiagnosticMessage(), newPassword);
        }
        if (answer.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
            return gone();
        }
        throw new LDAPException(answer.getResultCode());
    }

    /** The refusals ppolicy names (draft-behera-ldap-password-policy §6.2), in words for the page. */
    static String reason(PasswordPolicyErrorType error) {
        return switch (error) {
            case PASSWORD_TOO_SHORT -> "The password is too short for the directory's password policy.";
            case PASSWORD_IN_HISTORY -> "The directory's password policy does not allow a password used before.";
            case PASSWORD_TOO_YOUNG -> "The password was changed too recently; the directory's policy asks to wait"
                    + " before changing it again.";
            case INSUFFICIENT_PASSWORD_QUALITY -> "The password does not meet the directory's quality rules.";
            case MUST_SUPPLY_OLD_PASSWORD -> "The directory asks for the current password to change it.";
            case CHANGE_AFTER_RESET -> "The directory asks for the password to be changed after a reset.";
            case PASSWORD_EXPIRED -> "The password has expired.";
            default -> "The directory did not accept this password.";
        };
    }

    /** Disables with ppolicy's administrator lock, re-enables by removing it. */
    @Override
    public void setActive(String accountId, boolean active) {
        String dn = accountDn(accountId);
        entry(dn);
        ModifyRequest modify = active
                ? new ModifyRequest(dn, new Modification(ModificationType.REPLACE, LOCKED_TIME))
                : new ModifyRequest(dn, new Modification(ModificationType.REPLACE, LOCKED_TIME, DISABLED));
        ldap.write("set the account state", connection -> connection.modify(modify));
    }

    /**
     * Removes a lockout ({@code pwdFailureTime} is the server's own: ppolicy lets no one write it); the password
     * stays. A disabled account stays disabled: unlocking is not re-enabling.
     */
    @Override
    public void unlock(String accountId) {
        String dn = accountDn(accountId);
        DirectoryAccount account = toAccount(entry(dn));
        if (!account.locked()) {
            return;
        }
        ModifyRequest modify = new ModifyRequest(dn, new Modification(ModificationType.REPLACE, LOCKED_TIME));
        ldap.write("unlock the account", connection -> connection.modify(modify));
    }
}

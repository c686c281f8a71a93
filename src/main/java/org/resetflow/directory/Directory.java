package org.resetflow.directory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operations a reset needs from an account directory, whatever dialect it speaks (see {@code docs/dialects.md}).
 * Every method may throw {@link DirectoryConfigurationException} (credentials refused: fix the configuration) or
 * {@link DirectoryException} (unreachable, 429 or 5xx after in-process retries).
 */
public interface Directory {

    /** Accounts whose user name equals {@code userName}; an empty list when the directory refuses the filter. */
    List<DirectoryAccount> findByUserName(String userName);

    /** Accounts with an e-mail address equal to {@code email}. */
    List<DirectoryAccount> findByEmail(String email);

    /**
     * Whether a look-up of many identifiers goes to this directory in batches, one search for a whole batch (an
     * {@code or} of the same equality filters a single look-up sends), rather than one search per identifier and
     * attribute. Each dialect says; {@code docs/dialects.md} lists what each does. May ask the directory once what it
     * offers ({@code /ServiceProviderConfig}).
     */
    default boolean searchesInBatches() {
        return false;
    }

    /**
     * The identifiers in batches of which each fits one {@link #findAny} request: within the directory's
     * {@code filter.maxResults} and a filter length that every server on the way accepts. Without batch searches, one
     * identifier per batch.
     */
    default List<List<String>> searchBatches(List<String> identifiers) {
        return identifiers.stream().map(List::of).toList();
    }

    /**
     * One search for every identifier of a batch: by user name, and for an identifier with an {@code @} by e-mail
     * address too. Empty when the directory refused that search or did not send everything it found: the caller then
     * looks each identifier of the batch up on its own.
     */
    default Optional<List<FoundAccount>> findAny(List<String> identifiers) {
        return Optional.empty();
    }

    /**
     * Whether this directory's equality filter finds an account holding {@code value} (a user name or an address)
     * when searched for {@code identifier}: how {@link #findAny}'s answer is matched to its identifiers, so a batch
     * finds what one search per identifier finds. SCIM compares {@code userName} and {@code emails.value} ignoring
     * case (RFC 7643 §4.1: caseExact false).
     */
    default boolean sameValue(String value, String identifier) {
        return value.equalsIgnoreCase(identifier);
    }

    /**
     * An account that {@link #findAny} found as the one match of an identifier, completed the way a single search
     * completes its one match (Ping reads the account's state).
     */
    default DirectoryAccount completeMatch(DirectoryAccount account) {
        return account;
    }

    /**
     * The account as the directory sees it now, including whether it may log in.
     *
     * @throws AccountGoneException when there is no such account
     */
    DirectoryAccount readAccount(String accountId);

    /**
     * One cheap authenticated call with no retry, for health checks: returns when the directory answered it, throws
     * {@link DirectoryConfigurationException} when it refused the credentials and {@link DirectoryException} when it
     * failed or could not be reached.
     *
     * @throws UnsupportedOperationException when this directory cannot be checked
     */
    default void checkReachable() {
        throw new UnsupportedOperationException("This directory cannot be checked");
    }

    /** The directory's own password rules for this account; empty when the dialect has none to tell. */
    default List<PasswordRequirement> passwordRequirements(String accountId) {
        return List.of();
    }

    /**
     * Sets the account's password.
     *
     * @throws PasswordRejectedByDirectoryException when the directory's password policy refuses it
     * @throws AccountGoneException when the account no longer exists
     * @throws DirectoryException on any technical failure
     */
    void setPassword(String accountId, String newPassword);

    /**
     * Sets many passwords at once (one Bulk request where the dialect has one), and reports each account's own
     * outcome: a directory may accept the batch and still refuse single operations.
     *
     * @param newPasswords new password by account id
     */
    default List<BulkPasswordResult> setPasswords(Map<String, String> newPasswords) {
        return newPasswords.entrySet().stream().map(entry -> {
            try {
                setPassword(entry.getKey(), entry.getValue());
                return BulkPasswordResult.ok(entry.getKey(), 200);
            } catch (PasswordRejectedByDirectoryException e) {
                return new BulkPasswordResult(entry.getKey(), 400, e.reason());
            } catch (DirectoryException e) {
                return new BulkPasswordResult(entry.getKey(), e.status(), e.getMessage());
            }
        }).toList();
    }

    /**
     * Whether {@link #resetToGeneratedPassword} works here: the directory itself generates a password when asked
     * (Ping's password sub-resource). The helpdesk's "generated password" action is refused up front where it does
     * not, so no owner gets a link that cannot work.
     */
    default boolean generatesPasswords() {
        return false;
    }

    /**
     * Lets the directory choose a new password and returns it (for the helpdesk). The caller must hand it to the
     * user and forget it.
     *
     * @throws UnsupportedOperationException when the dialect has no such operation
     */
    default String resetToGeneratedPassword(String accountId) {
        throw new UnsupportedOperationException("This directory dialect cannot generate passwords");
    }

    /**
     * Disables an account ({@code active} false: it can neither log in nor get a reset link) or re-enables it, for
     * the helpdesk after a reported compromise.
     *
     * @throws AccountGoneException when there is no such account
     * @throws DirectoryException when the directory refuses (its status tells why) or fails
     * @throws UnsupportedOperationException when this directory cannot change an account's state
     */
    default void setActive(String accountId, boolean active) {
        throw new UnsupportedOperationException("This directory cannot disable or re-enable accounts");
    }

    /**
     * Creates an active account with the given password (RFC 7644 §3.3: {@code POST /Users}) and returns its id. The
     * caller passes a random password that nobody ever sees, and forgets it.
     *
     * @throws UserNameTakenException when the directory answers 409: the user name is taken
     * @throws DirectoryException on any other failure
     * @throws UnsupportedOperationException when this directory cannot create accounts
     */
    default String createUser(NewAccount account, String password) {
        throw new UnsupportedOperationException("This directory cannot create accounts");
    }

    /**
     * Ends a lockout after too many wrong passwords ({@link DirectoryAccount#locked()}) and leaves the password as it
     * is: the user still knows it. An account that is not locked stays as it is.
     *
     * @throws AccountGoneException when there is no such account
     * @throws DirectoryException when the directory refuses or fails
     * @throws UnsupportedOperationException when this directory cannot unlock accounts (the SCIM dialects so far)
     */
    default void unlock(String accountId) {
        throw new UnsupportedOperationException("This directory cannot unlock accounts");
    }
}

package org.resetflow.directory;

import org.resetflow.password.PasswordHandover;
import org.resetflow.password.PasswordWrites;
import org.resetflow.token.ResetTokens;
import org.springframework.stereotype.Service;

/**
 * Sets a reset's new password in the directory, at most once, and makes the outcome durable before anything else
 * can fail: an accepted write is recorded in its own transaction ({@link PasswordWrites}) the moment the directory
 * answers, then the link is used up in the page's transaction, which also drops the record if it commits. If that
 * transaction fails after all, the record remains, and the reset is finished from it (see
 * {@code password.FinishAcceptedResets}).
 */
@Service
class PasswordChanges {

    private final Directory directory;
    private final ResetTokens resetTokens;
    private final PasswordWrites writes;

    PasswordChanges(Directory directory, ResetTokens resetTokens, PasswordWrites writes) {
        this.directory = directory;
        this.resetTokens = resetTokens;
        this.writes = writes;
    }

    /** The directory's refusal, and whether it counts against the user's attempts. */
    record Refusal(String reason, boolean countsAsAttempt) {
    }

    /**
     * @return the directory's refusal, or null when the password is set
     * @throws AccountGoneException when the account left the directory
     * @throws PasswordWriteOutcomeUnknownException when the write was sent and its outcome is unknown
     */
    Refusal apply(String resetId, String accountId, PasswordHandover.Submitted submitted) {
        if (!submitted.alreadyAccepted()) {
            boolean unconfirmedEarlier = writes.outcome(resetId).orElse(null) == PasswordWrites.Outcome.UNCONFIRMED;
            try {
                directory.setPassword(accountId, submitted.password());
            } catch (PasswordWriteOutcomeUnknownException unknown) {
                writes.recordUnconfirmed(resetId);
                throw unknown;
            } catch (PasswordRejectedByDirectoryException rejected) {
                // After a write whose outcome is unknown, a refusal (say, "not your current password") may be the
                // earlier write's doing, not the user's.
                return new Refusal(rejected.reason(), !unconfirmedEarlier);
            }
            writes.recordAccepted(resetId);
        }
        resetTokens.consume(resetId);
        writes.forget(resetId);
        return null;
    }

    /**
     * Lets the directory generate the account's new password and records the write as accepted at once (as
     * {@link #apply} does), before anything else can fail: the caller hands the password to the page next, then uses
     * up the link with {@link #finishGenerated}. Finishing a reset whose generation was already accepted asks the
     * directory nothing. A generation is never repeated here: a failure before the directory's answer rolls the page
     * back, and the owner's next press generates afresh, which is harmless since nobody saw the earlier one.
     *
     * @return the generated password, or null when finishing an already accepted generation
     * @throws AccountGoneException when the account left the directory
     */
    String generate(String resetId, String accountId, PasswordHandover.Submitted submitted) {
        if (submitted.alreadyAccepted()) {
            return null;
        }
        String generated = directory.resetToGeneratedPassword(accountId);
        writes.recordAccepted(resetId);
        return generated;
    }

    /** The generated password is the account's now: the link is used up, in the page's transaction. */
    void finishGenerated(String resetId) {
        resetTokens.consume(resetId);
        writes.forget(resetId);
    }
}

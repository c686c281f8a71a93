package org.resetflow.password;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.resetflow.breach.BreachedPasswords;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.PasswordRequirement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** The local password rules, testable without the engine. */
@Service
class PasswordPolicy {

    private static final Logger log = LoggerFactory.getLogger(PasswordPolicy.class);

    private final PasswordProperties properties;
    private final Directory directory;
    private final BreachedPasswords breachedPasswords;
    private final Zxcvbn zxcvbn = new Zxcvbn();

    PasswordPolicy(PasswordProperties properties, Directory directory, BreachedPasswords breachedPasswords) {
        this.properties = properties;
        this.directory = directory;
        this.breachedPasswords = breachedPasswords;
    }

    /** The directory's own rules for this account (Ping's password quality requirements), shown on the page. */
    List<PasswordRequirement> directoryRules(String accountId) {
        if (accountId == null) {
            return List.of();
        }
        try {
            return directory.passwordRequirements(accountId);
        } catch (RuntimeException e) {
            // The rules are advice on the page; the directory enforces them anyway when the password is set.
            log.warn("Could not read the directory's password rules: {}",
                    e instanceof DirectoryException ? e.getMessage() : e.getClass().getSimpleName());
            return List.of();
        }
    }

    PasswordProperties rules() {
        return properties;
    }

    /**
     * A form not filled in as asked, judged before anything reaches the engine: no password, or two fields that
     * differ. Either is a slip of the hand, not a password the rules refuse, so it costs no attempt; the rules then
     * judge only what the user meant to submit. (The same reasons stay in {@link #check} for any other caller.)
     */
    static Optional<PasswordCheck> formSlip(String password, String confirmation) {
        if (password == null || password.isEmpty()) {
            return Optional.of(PasswordCheck.rejected(PasswordCheck.MISSING));
        }
        if (!password.equals(confirmation)) {
            return Optional.of(PasswordCheck.rejected(PasswordCheck.MISMATCH));
        }
        return Optional.empty();
    }

    /**
     * Checks a submission. The cheap rules run first, and the length cap before the strength estimator, so an
     * oversized submission costs nothing.
     */
    PasswordCheck check(String password, String confirmation, String userName, String email) {
        return check(password, confirmation, userName, email, List.of(), false);
    }

    /**
     * As {@link #check(String, String, String, String)}, also enforcing the directory's length rules and, when the
     * process decided so ({@code checkBreached}), refusing passwords known from breaches. That check runs last: only
     * a password that passed every local rule costs a look-up.
     *
     * @throws org.resetflow.breach.BreachCheckUnavailableException when the breach source cannot answer and the
     *         check fails closed (the submission rolls back: "try again in a moment", no attempt counted)
     */
    PasswordCheck check(String password, String confirmation, String userName, String email,
                        List<PasswordRequirement> directoryRules, boolean checkBreached) {
        return check(password, confirmation, userName, email, directoryRules, checkBreached,
                PasswordHandover.BreachVerdict.NOT_ASKED);
    }

    /**
     * As {@link #check(String, String, String, String, List, boolean)}, with the breach check's verdict already taken
     * by {@link #screenForBreach}; only {@code NOT_ASKED} asks the source now.
     */
    PasswordCheck check(String password, String confirmation, String userName, String email,
                        List<PasswordRequirement> directoryRules, boolean checkBreached,
                        PasswordHandover.BreachVerdict screened) {
        if (password == null || password.isEmpty()) {
            return PasswordCheck.rejected(PasswordCheck.MISSING);
        }
        if (password.codePoints().anyMatch(Character::isISOControl)) {
            // CR, LF, NUL and friends: no directory takes them reliably, and they are a classic injection vector.
            return PasswordCheck.rejected(PasswordCheck.INVALID_CHARACTERS);
        }
        if (!password.equals(confirmation)) {
            return PasswordCheck.rejected(PasswordCheck.MISMATCH);
        }
        int length = password.codePointCount(0, password.length());
        if (length < properties.minLength()) {
            return PasswordCheck.rejected(PasswordCheck.TOO_SHORT);
        }
        if (length > properties.maxLength()) {
            return PasswordCheck.rejected(PasswordCheck.TOO_LONG);
        }
        for (PasswordRequirement rule : directoryRules) {
            if (rule.minLength() != null && length < rule.minLength()) {
                return PasswordCheck.rejected(PasswordCheck.TOO_SHORT, rule.description());
            }
        }
        List<String> identity = identityParts(userName, email);
        String lower = password.toLowerCase(Locale.ROOT);
        if (identity.stream().anyMatch(lower::contains)) {
            return PasswordCheck.rejected(PasswordCheck.CONTAINS_IDENTITY);
        }
        Strength strength = zxcvbn.measure(password, identity);
        if (strength.getScore() < properties.minStrength()) {
            // Keys, not sentences: the page shows them in its language (PasswordAdvice).
            return PasswordCheck.rejected(PasswordCheck.TOO_WEAK, PasswordAdvice.keysOf(strength.getFeedback()));
        }
        if (checkBreached && isBreached(password, screened)) {
            return PasswordCheck.rejected(PasswordCheck.BREACHED);
        }
        return PasswordCheck.ok();
    }

    /**
     * Asks the breach source ahead of the submission, before the link is locked, so that the wait for it (up to its
     * deadline) holds no row, no transaction and no submission slot. Asks only when the reset's decision wants the
     * check and the password passes the local rules: a password refused anyway costs no look-up.
     *
     * @throws org.resetflow.breach.BreachCheckUnavailableException when the source cannot answer and the check fails
     *         closed ("try again in a moment", no attempt counted)
     */
    PasswordHandover.BreachVerdict screenForBreach(String password, String confirmation, String userName, String email,
                                                   boolean checkBreached) {
        if (!checkBreached || !breachedPasswords.enabled()
                || !check(password, confirmation, userName, email).acceptable()) {
            return PasswordHandover.BreachVerdict.NOT_ASKED;
        }
        return breachedPasswords.isBreached(password)
                ? PasswordHandover.BreachVerdict.BREACHED : PasswordHandover.BreachVerdict.NOT_BREACHED;
    }

    private boolean isBreached(String password, PasswordHandover.BreachVerdict screened) {
        return switch (screened) {
            case BREACHED -> true;
            case NOT_BREACHED -> false;
            case NOT_ASKED -> breachedPasswords.isBreached(password);
        };
    }

    /** The user name and the e-mail's local part, lower-cased; parts under 3 characters would forbid too much. */
    private static List<String> identityParts(String userName, String email) {
        List<String> parts = new ArrayList<>();
        if (userName != null) {
            parts.add(userName.toLowerCase(Locale.ROOT));
        }
        if (email != null) {
            int at = email.indexOf('@');
            parts.add((at > 0 ? email.substring(0, at) : email).toLowerCase(Locale.ROOT));
        }
        return parts.stream().filter(p -> p.length() >= 3).distinct().toList();
    }
}

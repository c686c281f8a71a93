package org.resetflow;

/**
 * Names shared by the password-reset model ({@code bpmn/password-reset.bpmn}), its delegates, the public pages
 * and the tests. One prefix per kind, so a rename in the model is a rename here.
 *
 * <p>Every variable of a reset but the helpdesk's decision and comment steers it, so an engine user (Tasklist, REST,
 * Cockpit) may not change or delete it, only send it back unchanged: helpdesk.RefuseEngineUserPolicyWrites holds the
 * one list, and GuardedVariablesCompleteTest fails when a variable here is missing from it.
 */
public final class PasswordResetProcess {

    public static final String PROCESS_KEY = "password-reset";

    // Set at the start by the request intake (request-intake.bpmn), from the request page. What the user typed is not
    // among them: it waits for the look-up in ResetFlow's own table (request.PendingLookups), never in the engine,
    // because people type passwords there.
    public static final String VAR_CLIENT_ADDRESS = "clientAddress";
    public static final String VAR_REQUESTED_AT = "requestedAt";
    public static final String VAR_CHANNEL = "channel";
    // The page language of the request (a supported language tag): the mails' language when the account has none.
    public static final String VAR_REQUEST_LANGUAGE = "requestLanguage";

    // The account the reset is for, resolved before it starts (the intake's "Look up accounts", the helpdesk's "Look
    // up account", the activation's "Read created account"; directory.AccountLookup.Result#resetVariables); no secret.
    public static final String VAR_ACCOUNT_ID = "accountId";
    public static final String VAR_ACCOUNT_USER_NAME = "accountUserName";
    public static final String VAR_ACCOUNT_EMAIL = "accountEmail";
    public static final String VAR_ACCOUNT_DISPLAY_NAME = "accountDisplayName";
    /** Why a helpdesk process's account gets no reset (no-match, ambiguous, inactive, no-email): its summary says so. */
    public static final String VAR_INELIGIBLE_REASON = "ineligibleReason";
    // Set with the account when the directory names them: a supported language tag, an IANA time zone id.
    public static final String VAR_ACCOUNT_LANGUAGE = "accountLanguage";
    public static final String VAR_ACCOUNT_TIME_ZONE = "accountTimeZone";
    /** The account's directory groups as one string, see {@link #joinGroups}: the policy table and the helpdesk read it. */
    public static final String VAR_ACCOUNT_GROUPS = "accountGroups";
    /** Whether the account is in the privileged group (resetflow.helpdesk.privileged-group): the policy table's input. */
    public static final String VAR_ACCOUNT_PRIVILEGED = "accountPrivileged";
    /**
     * Whether the directory says the account is locked out after too many wrong passwords (DirectoryAccount#locked;
     * false where it does not tell): the policy table's input for an unlock request. Transient where the intake
     * starts the reset (only "Decide reset policy" reads it, in the start's transaction); a variable where a helpdesk
     * process passes it into its call.
     */
    public static final String VAR_ACCOUNT_LOCKED = "accountLocked";

    // Set by "Decide reset policy" (DMN) through the model's output mapping.
    public static final String VAR_TOKEN_LIFETIME = "tokenLifetime";
    public static final String VAR_MAX_ATTEMPTS = "maxAttempts";
    public static final String VAR_APPROVAL_NEEDED = "approvalNeeded";
    public static final String VAR_NOTIFICATION = "notification";
    // The inputs "Decide reset policy" maps in from the history, local to that task.
    public static final String VAR_RECENT_REQUESTS = "recentRequests";
    /** Whether the helpdesk's "Revoke and reset" replaced this account's password just before this reset. */
    public static final String VAR_PASSWORD_REVOKED = "passwordRevoked";

    // Set by the helpdesk in "Approve reset" (forms/approve-reset.form).
    public static final String VAR_APPROVAL_DECISION = "approvalDecision";
    public static final String VAR_APPROVAL_COMMENT = "approvalComment";
    public static final String APPROVAL_APPROVE = "approve";
    public static final String APPROVAL_REJECT = "reject";

    // Set by "Decide password checks" (DMN passwordChecks): whether "Validate password" refuses breached passwords.
    public static final String VAR_CHECK_BREACHED_PASSWORDS = "checkBreachedPasswords";

    // Set by "Issue token": the expiry is shown in the mail; the raw link is transient (never stored).
    public static final String VAR_TOKEN_EXPIRES_AT = "tokenExpiresAt";
    public static final String VAR_RESET_LINK = "resetLink";
    // Transient too: the reset whose link "Issue token" replaced, for "Cancel earlier link" in the same job.
    public static final String VAR_REPLACED_RESET = "replacedReset";
    // Transient too: which mail of the reset "Send reset mail" sends (mail.SentMails): a rerun of the job sends none.
    public static final String VAR_RESET_MAIL_KEY = "resetMailKey";

    // Outcome of a submission. The password itself is never a variable: see password.PasswordHandover.
    public static final String VAR_PASSWORD_ACCEPTABLE = "passwordAcceptable";
    public static final String VAR_REJECTION_REASON = "rejectionReason";
    public static final String VAR_REJECTION_DETAIL = "rejectionDetail";
    public static final String VAR_FAILED_ATTEMPTS = "failedAttempts";

    /**
     * Names the engine refuses as persistent variables, whatever sets them (REST, Tasklist, Cockpit, a delegate):
     * the names a password or a link would carry.
     */
    public static final java.util.Set<String> SECRET_VARIABLE_NAMES = java.util.Set.of(
            "newPassword", "confirmPassword", "password", "currentPassword", "token", "resetToken", "resetLink",
            "generatedPassword");

    public static final String TASK_WAIT_FOR_NEW_PASSWORD = "Task_WaitForNewPassword";
    public static final String TASK_APPROVE_RESET = "Task_ApproveReset";
    public static final String TASK_GENERATE_PASSWORD = "Task_GeneratePassword";
    public static final String TASK_UNLOCK_ACCOUNT = "Task_UnlockAccount";

    public static final String MSG_NEWER_REQUEST = "Message_NewerRequest";
    public static final String MSG_PASSWORD_SUBMITTED = "Message_PasswordSubmitted";

    public static final String ERROR_PASSWORD_REJECTED = "Error_PasswordRejected";
    public static final String ERROR_ACCOUNT_GONE = "Error_AccountGone";

    public static final String CHANNEL_SELF_SERVICE = "self-service";
    /** A reset the helpdesk started for an account (bpmn/helpdesk-reset.bpmn, through its call activity). */
    public static final String CHANNEL_HELPDESK = "helpdesk";
    /** The first password of an account the helpdesk created (bpmn/account-activation.bpmn, through its call activity). */
    public static final String CHANNEL_ACTIVATION = "activation";

    /**
     * The helpdesk's "generated password" (bpmn/helpdesk-reset.bpmn): the owner's link asks the directory to generate
     * a password and shows it once, instead of letting the owner choose one.
     */
    public static final String CHANNEL_GENERATED_PASSWORD = "generated-password";

    /**
     * A self-service unlock (the request page's "My account is locked and I know my password"): the link ends a
     * lockout instead of setting a password. Whether it is offered, and to whom, is the policy table's decision.
     */
    public static final String CHANNEL_UNLOCK = "unlock";

    // Notifications of the unlock channel the policy table may choose (reset-policy.dmn's output "notification").
    public static final String NOTIFICATION_UNLOCK_LINK = "unlock-link";
    public static final String NOTIFICATION_UNLOCK_NOT_OFFERED = "unlock-not-offered";
    public static final String NOTIFICATION_UNLOCK_NOT_NEEDED = "unlock-not-needed";

    /** Separator of {@link #VAR_ACCOUNT_GROUPS}; the policy table splits on it. */
    public static final String GROUP_SEPARATOR = ", ";

    /**
     * The groups as one string variable (a list would need a serialization format the engine has switched off). A
     * separator inside a group's own name would split it in two, so it is replaced there.
     */
    public static String joinGroups(java.util.List<String> groups) {
        return String.join(GROUP_SEPARATOR, groups.stream().map(g -> g.replace(",", " ")).toList());
    }

    private PasswordResetProcess() {
    }
}

package org.resetflow;

/**
 * Names shared by the password-reset model ({@code bpmn/password-reset.bpmn}), its delegates, the public pages
 * and the tests. One prefix per kind, so a rename in the model is a rename here.
 */
public final class PasswordResetProcess {

    public static final String PROCESS_KEY = "password-reset";

    // Set at the start, from the request page.
    public static final String VAR_IDENTIFIER = "identifier";
    public static final String VAR_CLIENT_ADDRESS = "clientAddress";
    public static final String VAR_REQUESTED_AT = "requestedAt";
    public static final String VAR_CHANNEL = "channel";

    // Set by "Look up account"; none of them is a secret.
    public static final String VAR_ACCOUNT_ELIGIBLE = "accountEligible";
    public static final String VAR_ACCOUNT_ID = "accountId";
    public static final String VAR_ACCOUNT_USER_NAME = "accountUserName";
    public static final String VAR_ACCOUNT_EMAIL = "accountEmail";
    public static final String VAR_ACCOUNT_DISPLAY_NAME = "accountDisplayName";
    public static final String VAR_INELIGIBLE_REASON = "ineligibleReason";

    // Set by "Decide reset policy" (DMN) through the model's output mapping.
    public static final String VAR_TOKEN_LIFETIME = "tokenLifetime";
    public static final String VAR_MAX_ATTEMPTS = "maxAttempts";

    // Set by "Issue token": the expiry is shown in the mail; the raw link is transient (never stored).
    public static final String VAR_TOKEN_EXPIRES_AT = "tokenExpiresAt";
    public static final String VAR_RESET_LINK = "resetLink";

    // The password travels only as transient variables, from the page to "Set password", within one transaction.
    public static final String VAR_NEW_PASSWORD = "newPassword";
    public static final String VAR_CONFIRM_PASSWORD = "confirmPassword";
    public static final String VAR_PASSWORD_ACCEPTABLE = "passwordAcceptable";
    public static final String VAR_REJECTION_REASON = "rejectionReason";
    public static final String VAR_REJECTION_DETAIL = "rejectionDetail";
    public static final String VAR_FAILED_ATTEMPTS = "failedAttempts";

    public static final String TASK_CHOOSE_NEW_PASSWORD = "Task_ChooseNewPassword";

    public static final String MSG_NEWER_REQUEST = "Message_NewerRequest";

    public static final String ERROR_PASSWORD_REJECTED = "Error_PasswordRejected";
    public static final String ERROR_ACCOUNT_GONE = "Error_AccountGone";

    public static final String CHANNEL_SELF_SERVICE = "self-service";

    private PasswordResetProcess() {
    }
}

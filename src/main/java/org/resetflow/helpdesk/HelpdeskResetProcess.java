package org.resetflow.helpdesk;

/** Names shared by {@code bpmn/helpdesk-reset.bpmn}, its forms, beans and tests. */
public final class HelpdeskResetProcess {

    public static final String PROCESS_KEY = "helpdesk-reset";

    /** From the start form: account names, one per line. The helpdesk types names, never passwords. */
    public static final String VAR_ACCOUNT_NAMES = "accountNames";
    /**
     * From the start form: {@link #OPERATION_SEND_LINKS} (also when missing), {@link #OPERATION_REVOKE_AND_RESET},
     * {@link #OPERATION_DISABLE}, {@link #OPERATION_ENABLE} or {@link #OPERATION_GENERATED_PASSWORD}.
     */
    public static final String VAR_OPERATION = "operation";
    public static final String OPERATION_SEND_LINKS = "send-links";
    public static final String OPERATION_REVOKE_AND_RESET = "revoke-and-reset";
    public static final String OPERATION_DISABLE = "disable";
    public static final String OPERATION_ENABLE = "enable";
    /**
     * Ping's generated password: each owner gets a one-time link whose page, once confirmed, has the directory generate
     * the password and shows it once. Refused per account where the directory cannot generate passwords.
     */
    public static final String OPERATION_GENERATED_PASSWORD = "generated-password";
    /** Set by "Check password generation": whether the directory generates passwords, so the links can go out. */
    public static final String VAR_PASSWORD_GENERATION_SUPPORTED = "passwordGenerationSupported";
    /** Set by "Revoke passwords": the names whose password the directory replaced, one per line; they get links. */
    public static final String VAR_REVOKED_ACCOUNTS = "revokedAccounts";
    /** The multi-instance element: one account name per called reset. */
    public static final String VAR_ACCOUNT_NAME = "accountName";
    /** One line per account, for the summary task: "name: outcome (why)". */
    public static final String VAR_ACCOUNT_SUMMARY = "accountSummary";
    /** Mapped out of each called reset, local to its call. */
    static final String VAR_RESET_END = "resetEnd";

    public static final String TASK_REVIEW_SUMMARY = "Task_ReviewSummary";

    /** More names in one request are refused at the start: a mass action is a batch for an admin, not a form. */
    public static final int MAX_ACCOUNTS = 50;

    private HelpdeskResetProcess() {
    }
}

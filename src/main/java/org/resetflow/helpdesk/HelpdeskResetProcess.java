package org.resetflow.helpdesk;

/** Names shared by {@code bpmn/helpdesk-reset.bpmn}, its forms, beans and tests. */
public final class HelpdeskResetProcess {

    public static final String PROCESS_KEY = "helpdesk-reset";

    /** From the start form: account names, one per line. The helpdesk types names, never passwords. */
    public static final String VAR_ACCOUNT_NAMES = "accountNames";
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

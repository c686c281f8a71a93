package org.resetflow.helpdesk;

/** Names shared by {@code bpmn/account-activation.bpmn}, its forms, its delegate and tests. */
public final class AccountActivationProcess {

    /** The key {@link EngineGroups} grants the helpdesk start rights on. */
    public static final String PROCESS_KEY = "account-activation";

    /**
     * From the start form: the new account's user name. The same name as helpdesk-reset's per-account variable, so
     * {@link RecordResetOutcomeListener} writes this process's summary line too. Not {@code accountUserName}: the
     * helpdesk may not write the reset's own account variables.
     */
    public static final String VAR_ACCOUNT_NAME = HelpdeskResetProcess.VAR_ACCOUNT_NAME;
    /** From the start form: where the activation link goes. */
    public static final String VAR_NEW_ACCOUNT_EMAIL = "newAccountEmail";
    /** From the start form, optional. */
    public static final String VAR_NEW_ACCOUNT_DISPLAY_NAME = "newAccountDisplayName";
    /** Set by "Create account": whether the directory created it. */
    public static final String VAR_ACCOUNT_CREATED = "accountCreated";
    /** Set by "Create account": the directory's id of the new account. */
    public static final String VAR_CREATED_ACCOUNT_ID = "createdAccountId";
    /** The line the helpdesk reviews last: "name: outcome (why)". */
    public static final String VAR_ACCOUNT_SUMMARY = HelpdeskResetProcess.VAR_ACCOUNT_SUMMARY;

    public static final String TASK_CREATE_ACCOUNT = "Task_CreateAccount";
    public static final String TASK_REVIEW_ACTIVATION = "Task_ReviewActivation";

    private AccountActivationProcess() {
    }
}

package org.resetflow.request;

/**
 * Names shared by the request intake model ({@code bpmn/request-intake.bpmn}), its delegates and the tests. One
 * instance per batch of inbox rows: its only business variable is the batch's id, never what was typed.
 */
public final class RequestIntakeProcess {

    public static final String PROCESS_KEY = "request-intake";

    /** The batch's id, the value of {@code rf_reset_request.batch_id} of its rows. */
    public static final String VAR_BATCH_ID = "batchId";

    public static final String TASK_LOOK_UP_ACCOUNTS = "Task_LookUpAccounts";
    public static final String TASK_START_RESETS = "Task_StartResets";

    /** Most requests in one batch, whatever the budget grants: one directory search must be able to take them. */
    public static final int MAX_BATCH = 100;

    private RequestIntakeProcess() {
    }
}

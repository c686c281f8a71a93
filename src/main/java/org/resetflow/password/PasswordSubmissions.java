package org.resetflow.password;

import static org.resetflow.PasswordResetProcess.MSG_PASSWORD_SUBMITTED;
import static org.resetflow.PasswordResetProcess.TASK_WAIT_FOR_NEW_PASSWORD;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_USER_NAME;
import static org.resetflow.PasswordResetProcess.VAR_FAILED_ATTEMPTS;
import static org.resetflow.PasswordResetProcess.VAR_MAX_ATTEMPTS;
import static org.resetflow.PasswordResetProcess.VAR_REJECTION_DETAIL;
import static org.resetflow.PasswordResetProcess.VAR_REJECTION_REASON;

import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Execution;
import org.resetflow.scim.DirectoryException;
import org.resetflow.token.ResetTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Leaves "Wait for new password" from the public page. The password is handed over in memory for the one call that
 * correlates {@code Message_PasswordSubmitted} ({@link PasswordHandover}), so it reaches "Validate password" and
 * "Set password" in this transaction and no variable or table ever. The link's row is locked first: parallel
 * submissions of one link queue up, and only the first can reach the directory.
 */
@Service
class PasswordSubmissions {

    private static final String END_EVENT_ACCOUNT_GONE = "EndEvent_AccountGone";

    private static final Logger log = LoggerFactory.getLogger(PasswordSubmissions.class);

    private final ResetTokens resetTokens;
    private final PasswordHandover handover;
    private final RuntimeService runtimeService;
    private final HistoryService historyService;
    private final TransactionTemplate transaction;

    PasswordSubmissions(ResetTokens resetTokens, PasswordHandover handover, RuntimeService runtimeService,
                        HistoryService historyService, PlatformTransactionManager transactionManager) {
        this.resetTokens = resetTokens;
        this.handover = handover;
        this.runtimeService = runtimeService;
        this.historyService = historyService;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** The waiting reset behind a link, if the link can still be used. */
    Optional<OpenReset> open(String token) {
        return resetTokens.findReset(token)
                .filter(this::isWaitingForPassword)
                .map(reset -> new OpenReset(reset,
                        (String) runtimeService.getVariable(reset, VAR_ACCOUNT_USER_NAME),
                        (String) runtimeService.getVariable(reset, VAR_ACCOUNT_ID)));
    }

    Submission submit(String token, String password, String confirmation) {
        try {
            return transaction.execute(status -> complete(token, password, confirmation));
        } catch (RuntimeException e) {
            // Rolled back: the task and the link are as they were. The cause names the failing system, no secret.
            log.warn("Password submission rolled back: {}", rootMessage(e));
            return Submission.of(Submission.Outcome.TRY_LATER);
        }
    }

    private Submission complete(String token, String password, String confirmation) {
        Optional<String> reset = resetTokens.lockReset(token).filter(this::isWaitingForPassword);
        if (reset.isEmpty()) {
            return Submission.of(Submission.Outcome.INVALID_LINK);
        }
        String processInstanceId = reset.get();

        handover.during(new PasswordHandover.Submitted(processInstanceId, password, confirmation),
                () -> runtimeService.createMessageCorrelation(MSG_PASSWORD_SUBMITTED)
                        .processInstanceId(processInstanceId)
                        .correlateWithResult());

        if (resetTokens.isConsumed(processInstanceId)) {
            return Submission.of(Submission.Outcome.DONE);
        }
        if (endedAsAccountGone(processInstanceId)) {
            // The account left the directory after the mail: the link is as dead as an expired one.
            return Submission.of(Submission.Outcome.INVALID_LINK);
        }
        if (isWaitingForPassword(processInstanceId)) {
            Number failed = (Number) runtimeService.getVariable(processInstanceId, VAR_FAILED_ATTEMPTS);
            Number max = (Number) runtimeService.getVariable(processInstanceId, VAR_MAX_ATTEMPTS);
            return Submission.rejected(
                    (String) runtimeService.getVariable(processInstanceId, VAR_REJECTION_REASON),
                    (String) runtimeService.getVariable(processInstanceId, VAR_REJECTION_DETAIL),
                    Math.max(0, (max == null ? 0 : max.intValue()) - (failed == null ? 0 : failed.intValue())));
        }
        return Submission.of(Submission.Outcome.TOO_MANY_ATTEMPTS);
    }

    private boolean endedAsAccountGone(String processInstanceId) {
        return historyService.createHistoricActivityInstanceQuery()
                .processInstanceId(processInstanceId)
                .activityId(END_EVENT_ACCOUNT_GONE)
                .count() > 0;
    }

    private boolean isWaitingForPassword(String processInstanceId) {
        Execution waiting = runtimeService.createExecutionQuery()
                .processInstanceId(processInstanceId)
                .activityId(TASK_WAIT_FOR_NEW_PASSWORD)
                .singleResult();
        return waiting != null;
    }

    /**
     * What went wrong, for the log: the chain of exception types, and a message only where ResetFlow wrote it
     * (directory errors name the directory and the status). Other messages might quote a submitted value.
     */
    private static String rootMessage(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            chain.append(chain.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName());
            if (t instanceof DirectoryException) {
                chain.append(": ").append(t.getMessage());
            }
        }
        return chain.toString();
    }

    record OpenReset(String processInstanceId, String userName, String accountId) {
    }
}

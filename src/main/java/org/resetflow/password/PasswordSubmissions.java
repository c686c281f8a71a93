package org.resetflow.password;

import static org.resetflow.PasswordResetProcess.MSG_PASSWORD_SUBMITTED;
import static org.resetflow.PasswordResetProcess.TASK_WAIT_FOR_NEW_PASSWORD;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_EMAIL;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_ID;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_USER_NAME;
import static org.resetflow.PasswordResetProcess.VAR_CHANNEL;
import static org.resetflow.PasswordResetProcess.CHANNEL_GENERATED_PASSWORD;
import static org.resetflow.PasswordResetProcess.CHANNEL_UNLOCK;
import static org.resetflow.PasswordResetProcess.VAR_CHECK_BREACHED_PASSWORDS;
import static org.resetflow.PasswordResetProcess.VAR_FAILED_ATTEMPTS;
import static org.resetflow.PasswordResetProcess.VAR_MAX_ATTEMPTS;
import static org.resetflow.PasswordResetProcess.VAR_REJECTION_DETAIL;
import static org.resetflow.PasswordResetProcess.VAR_REJECTION_REASON;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Execution;
import java.time.Clock;
import java.time.Duration;
import org.resetflow.mail.ResetMailer;
import org.resetflow.mail.SentMails;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.resetflow.breach.BreachCheckUnavailableException;
import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.PasswordWriteOutcomeUnknownException;
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
 * submissions of one link queue up, and only the first can reach the directory. The breach check, which asks a
 * server outside, runs before that, outside the transaction: however long it takes (at most its deadline), it holds
 * no row, no connection and no submission slot.
 */
@Service
class PasswordSubmissions {

    private static final String END_EVENT_ACCOUNT_GONE = "EndEvent_AccountGone";

    private static final Logger log = LoggerFactory.getLogger(PasswordSubmissions.class);

    private final ResetTokens resetTokens;
    private final PasswordHandover handover;
    private final GeneratedPasswordHandover generatedHandover;
    private final RuntimeService runtimeService;
    private final HistoryService historyService;
    private final PasswordWrites writes;
    private final PasswordPolicy policy;
    private final ResetMailer mailer;
    private final SentMails sentMails;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final Semaphore bulkhead;
    private final Duration queueWait;

    PasswordSubmissions(ResetTokens resetTokens, PasswordHandover handover, GeneratedPasswordHandover generatedHandover,
                        RuntimeService runtimeService, HistoryService historyService, PasswordWrites writes,
                        PasswordPolicy policy, ResetMailer mailer, SentMails sentMails, Clock clock,
                        PlatformTransactionManager transactionManager, PasswordProperties properties) {
        this.resetTokens = resetTokens;
        this.handover = handover;
        this.generatedHandover = generatedHandover;
        this.runtimeService = runtimeService;
        this.historyService = historyService;
        this.writes = writes;
        this.policy = policy;
        this.mailer = mailer;
        this.sentMails = sentMails;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactionManager);
        this.bulkhead = new Semaphore(properties.maxConcurrentSubmissions(), true);
        this.queueWait = properties.submissionQueueWait();
    }

    /** The waiting reset behind a link, if the link can still be used. */
    Optional<OpenReset> open(String token) {
        return resetTokens.findReset(token)
                .filter(this::isWaitingForPassword)
                .map(reset -> {
                    Object channel = runtimeService.getVariable(reset, VAR_CHANNEL);
                    return new OpenReset(reset,
                            (String) runtimeService.getVariable(reset, VAR_ACCOUNT_USER_NAME),
                            (String) runtimeService.getVariable(reset, VAR_ACCOUNT_ID),
                            CHANNEL_GENERATED_PASSWORD.equals(channel), CHANNEL_UNLOCK.equals(channel));
                });
    }

    /**
     * The owner of an unlock link pressed "Unlock my account": the link is checked as for a password (live,
     * unexpired, unused, its row locked), and the same message leaves the wait state, so "Unlock account" asks the
     * directory in this transaction and uses the link up. A directory failure rolls everything back and the link
     * stays usable; unlocking is idempotent, so the next press simply asks again.
     */
    Submission.Outcome unlock(String token) {
        if (!enterBulkhead()) {
            log.info("Unlock turned away: {} submissions already wait for the directory",
                    bulkhead.getQueueLength() + 1);
            return Submission.Outcome.TRY_LATER;
        }
        try {
            return transaction.execute(status -> completeUnlock(token));
        } catch (RuntimeException e) {
            log.warn("Unlock rolled back: {}", rootMessage(e));
            return Submission.Outcome.TRY_LATER;
        } finally {
            bulkhead.release();
        }
    }

    private Submission.Outcome completeUnlock(String token) {
        Optional<String> reset = resetTokens.lockReset(token).filter(this::isWaitingForPassword);
        if (reset.isEmpty()) {
            return Submission.Outcome.INVALID_LINK;
        }
        String processInstanceId = reset.get();
        if (!CHANNEL_UNLOCK.equals(runtimeService.getVariable(processInstanceId, VAR_CHANNEL))) {
            return Submission.Outcome.INVALID_LINK;
        }
        // No password: the hand-over only says that the public page behind the link asks, for this very reset.
        handover.during(new PasswordHandover.Submitted(processInstanceId, null, null),
                () -> runtimeService.createMessageCorrelation(MSG_PASSWORD_SUBMITTED)
                        .processInstanceId(processInstanceId)
                        .correlateWithResult());
        if (resetTokens.isConsumed(processInstanceId)) {
            return Submission.Outcome.DONE;
        }
        // The account left the directory after the mail (EndEvent_UnlockAccountGone): the link is dead.
        return Submission.Outcome.INVALID_LINK;
    }

    /**
     * The owner of a generated-password reset confirmed on the page: "Generate password" asks the directory in this
     * transaction and hands the password back in memory, on this thread, for the page to show once. It is in no
     * variable, row or log line. A generation the directory accepted although the transaction then failed is still
     * shown, and the reset finished, as for a chosen password; any other failure leaves the link valid, and the next
     * try generates afresh (nobody saw the first).
     */
    Generation reveal(String token) {
        if (!enterBulkhead()) {
            log.info("Password generation turned away: {} submissions already wait for the directory",
                    bulkhead.getQueueLength() + 1);
            return Generation.of(Submission.Outcome.TRY_LATER);
        }
        GeneratedPasswordHandover.Slot slot = new GeneratedPasswordHandover.Slot();
        try {
            Submission.Outcome outcome = transaction.execute(status -> completeGeneration(token, slot));
            return outcome == Submission.Outcome.DONE ? Generation.shown(slot.password()) : Generation.of(outcome);
        } catch (RuntimeException e) {
            log.warn("Password generation rolled back: {}", rootMessage(e));
            Optional<String> reset = resetTokens.findReset(token);
            if (reset.isPresent() && slot.password() != null
                    && writes.outcome(reset.get()).orElse(null) == PasswordWrites.Outcome.ACCEPTED) {
                try {
                    finishAccepted(reset.get());
                } catch (RuntimeException finishing) {
                    log.warn("Finishing reset {} failed, left to the scheduled finisher: {}", reset.get(),
                            rootMessage(finishing));
                }
                return Generation.shown(slot.password());
            }
            return Generation.of(Submission.Outcome.TRY_LATER);
        } finally {
            bulkhead.release();
        }
    }

    private Submission.Outcome completeGeneration(String token, GeneratedPasswordHandover.Slot slot) {
        Optional<String> reset = resetTokens.lockReset(token).filter(this::isWaitingForPassword);
        if (reset.isEmpty()) {
            return Submission.Outcome.INVALID_LINK;
        }
        String processInstanceId = reset.get();
        if (!CHANNEL_GENERATED_PASSWORD.equals(runtimeService.getVariable(processInstanceId, VAR_CHANNEL))) {
            return Submission.Outcome.INVALID_LINK;
        }
        handover.during(new PasswordHandover.Submitted(processInstanceId, null, null),
                () -> generatedHandover.during(processInstanceId, slot,
                        () -> runtimeService.createMessageCorrelation(MSG_PASSWORD_SUBMITTED)
                                .processInstanceId(processInstanceId)
                                .correlateWithResult()));
        if (resetTokens.isConsumed(processInstanceId) && slot.password() != null) {
            return Submission.Outcome.DONE;
        }
        // The account left the directory after the mail: the link is as dead as an expired one.
        return Submission.Outcome.INVALID_LINK;
    }

    /** How a confirmation of a generated password ended; {@code toString} names no secret. */
    record Generation(Submission.Outcome outcome, String password) {

        static Generation of(Submission.Outcome outcome) {
            return new Generation(outcome, null);
        }

        static Generation shown(String password) {
            return new Generation(Submission.Outcome.DONE, password);
        }

        @Override
        public String toString() {
            return "Generation[" + outcome + "]";
        }
    }

    /**
     * Runs one submission. A submission holds a database connection (and the link's row lock) while the directory
     * answers, so only a few run at once: the bulkhead keeps the rest of the pool for the request page and the jobs,
     * however slow the directory is. Past the bulkhead the user is asked to try again in a moment.
     */
    Submission submit(String token, String password, String confirmation) {
        Optional<String> open = resetTokens.findReset(token);
        if (open.isEmpty()) {
            return Submission.of(Submission.Outcome.INVALID_LINK);
        }
        Optional<PasswordCheck> slip = PasswordPolicy.formSlip(password, confirmation);
        if (slip.isPresent()) {
            // Nothing to judge yet: the engine never sees it, so no attempt is used up and nothing is locked.
            return Submission.rejected(slip.get().reason(), null, attemptsLeft(open.get()));
        }
        PasswordHandover.BreachVerdict breach;
        try {
            breach = screenForBreach(open.get(), password, confirmation);
        } catch (BreachCheckUnavailableException e) {
            // Failed closed (the source and the failure are logged there): nothing was locked, counted or written.
            return Submission.of(Submission.Outcome.TRY_LATER);
        }
        if (!enterBulkhead()) {
            log.info("Password submission turned away: {} submissions already wait for the directory",
                    bulkhead.getQueueLength() + 1);
            return Submission.of(Submission.Outcome.TRY_LATER);
        }
        try {
            return transaction.execute(status -> complete(token, password, confirmation, breach));
        } catch (RuntimeException e) {
            // Rolled back: the wait state and the link are as they were. The cause names the failing system only.
            if (hasCause(e, LinkExpiredException.class)) {
                log.info("Password submission rolled back: the link expired before the password was written");
            } else {
                log.warn("Password submission rolled back: {}", rootMessage(e));
            }
            return afterRollback(resetTokens.findReset(token), e);
        } finally {
            bulkhead.release();
        }
    }

    /**
     * The breach check, before the link's row is locked. Reads what the local rules need without a lock: the
     * password is checked again, fully, in "Validate password", which only takes this verdict over.
     */
    private PasswordHandover.BreachVerdict screenForBreach(String processInstanceId, String password,
                                                           String confirmation) {
        // A query, not getVariables: a reset that ended since the look-up answers nothing here instead of failing,
        // and the lock that follows finds its link gone.
        Map<String, Object> variables = new HashMap<>();
        runtimeService.createVariableInstanceQuery().processInstanceIdIn(processInstanceId)
                .variableNameIn(VAR_CHECK_BREACHED_PASSWORDS, VAR_ACCOUNT_USER_NAME, VAR_ACCOUNT_EMAIL)
                .list().forEach(variable -> variables.put(variable.getName(), variable.getValue()));
        // As "Validate password" decides: a reset without the decision gets the check.
        boolean checkBreached = !Boolean.FALSE.equals(variables.get(VAR_CHECK_BREACHED_PASSWORDS));
        return policy.screenForBreach(password, confirmation, (String) variables.get(VAR_ACCOUNT_USER_NAME),
                (String) variables.get(VAR_ACCOUNT_EMAIL), checkBreached);
    }

    /**
     * What the user is told after a rolled-back submission depends on what the directory did, as recorded in a
     * transaction of its own: a password it accepted is final (the reset is finished now, or by
     * {@link FinishAcceptedResets}), a write with no answer is reported as unconfirmed.
     */
    private Submission afterRollback(Optional<String> reset, RuntimeException failure) {
        Optional<PasswordWrites.Outcome> written = reset.flatMap(writes::outcome);
        if (written.isPresent() && written.get() == PasswordWrites.Outcome.ACCEPTED) {
            try {
                finishAccepted(reset.get());
            } catch (RuntimeException e) {
                log.warn("Finishing reset {} failed, left to the scheduled finisher: {}", reset.get(), rootMessage(e));
            }
            return Submission.of(Submission.Outcome.DONE);
        }
        if (hasCause(failure, LinkExpiredException.class)) {
            // Expired while the submission waited: nothing was written or counted, and the link opens nothing now.
            return Submission.of(Submission.Outcome.INVALID_LINK);
        }
        if (hasCause(failure, PasswordWriteOutcomeUnknownException.class)) {
            return Submission.of(Submission.Outcome.UNCONFIRMED);
        }
        return Submission.of(Submission.Outcome.TRY_LATER);
    }

    /**
     * Ends a reset whose password the directory accepted although the page's transaction then failed: "Set
     * password" skips the directory, uses up the link, and the confirmation mail follows as for any reset.
     */
    void finishAccepted(String processInstanceId) {
        transaction.executeWithoutResult(status -> {
            if (isWaitingForPassword(processInstanceId)) {
                handover.during(PasswordHandover.Submitted.finishing(processInstanceId),
                        () -> runtimeService.createMessageCorrelation(MSG_PASSWORD_SUBMITTED)
                                .processInstanceId(processInstanceId)
                                .correlateWithResult());
                log.info("Reset {} finished after its password had been accepted by the directory", processInstanceId);
                return;
            }
            // The reset ended some other way (the expiry timer won the race): the owner is still told.
            if (!runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId).list().isEmpty()) {
                return;
            }
            log.warn("Reset {} ended without its confirmation although the directory accepted its password; "
                    + "mailing the confirmation now", processInstanceId);
            sentMails.sendOnce(processInstanceId, SentMails.PASSWORD_CHANGED, null, messageId -> mailer
                    .sendPasswordChanged(name -> historicObject(processInstanceId, name), clock.instant(), messageId));
            writes.forget(processInstanceId);
        });
    }

    private Object historicObject(String processInstanceId, String name) {
        var variable = historyService.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
                .variableName(name).singleResult();
        return variable == null ? null : variable.getValue();
    }

    private boolean enterBulkhead() {
        try {
            return bulkhead.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private Submission complete(String token, String password, String confirmation,
                                PasswordHandover.BreachVerdict breach) {
        Optional<String> reset = resetTokens.lockReset(token).filter(this::isWaitingForPassword);
        if (reset.isEmpty()) {
            return Submission.of(Submission.Outcome.INVALID_LINK);
        }
        String processInstanceId = reset.get();

        handover.during(PasswordHandover.Submitted.checked(processInstanceId, password, confirmation, breach),
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
            return Submission.rejected(
                    (String) runtimeService.getVariable(processInstanceId, VAR_REJECTION_REASON),
                    (String) runtimeService.getVariable(processInstanceId, VAR_REJECTION_DETAIL),
                    attemptsLeft(processInstanceId));
        }
        return Submission.of(Submission.Outcome.TOO_MANY_ATTEMPTS);
    }

    /** How many refused passwords the link still takes, as the page tells it. */
    private int attemptsLeft(String processInstanceId) {
        Map<String, Object> variables = new HashMap<>();
        // A query, not getVariable: a reset that ended meanwhile answers nothing instead of failing.
        runtimeService.createVariableInstanceQuery().processInstanceIdIn(processInstanceId)
                .variableNameIn(VAR_FAILED_ATTEMPTS, VAR_MAX_ATTEMPTS)
                .list().forEach(variable -> variables.put(variable.getName(), variable.getValue()));
        int failed = variables.get(VAR_FAILED_ATTEMPTS) instanceof Number number ? number.intValue() : 0;
        int max = variables.get(VAR_MAX_ATTEMPTS) instanceof Number number ? number.intValue() : 0;
        return Math.max(0, max - failed);
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

    /**
     * {@code generated}: a helpdesk's generated password, which the page shows instead of asking for one;
     * {@code unlock}: a self-service unlock, which asks for nothing but a press of its button.
     */
    record OpenReset(String processInstanceId, String userName, String accountId, boolean generated, boolean unlock) {
    }
}

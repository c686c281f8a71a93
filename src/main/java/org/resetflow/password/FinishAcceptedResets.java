package org.resetflow.password;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * No silent change: a password the directory accepted always ends its reset as "Password reset", with the link used
 * up and the confirmation mail sent, even when the page's transaction failed after the directory's answer (a clash
 * with the expiry timer, a lost database connection, a crash). The accepted write was recorded in a transaction of
 * its own; this finishes every reset that still waits although its record says "accepted". Any node may do it: a
 * second node's attempt on the same reset loses the engine's optimistic lock and finds nothing left to do.
 */
@Component
class FinishAcceptedResets {

    private static final Logger log = LoggerFactory.getLogger(FinishAcceptedResets.class);

    /** Older than the longest a submission can take, so a page still at work is never raced. */
    private static final Duration SETTLED = Duration.ofSeconds(30);

    private final PasswordWrites writes;
    private final PasswordSubmissions submissions;

    FinishAcceptedResets(PasswordWrites writes, PasswordSubmissions submissions) {
        this.writes = writes;
        this.submissions = submissions;
    }

    @Scheduled(fixedDelayString = "${resetflow.password.recovery-interval:PT10S}", initialDelayString = "PT10S")
    void finishAll() {
        for (String reset : writes.acceptedBefore(SETTLED)) {
            try {
                submissions.finishAccepted(reset);
            } catch (RuntimeException e) {
                log.warn("Could not finish reset {} yet ({}); will try again", reset, e.getClass().getSimpleName());
            }
        }
    }
}

package org.resetflow.password;

import java.util.Objects;
import java.util.function.Supplier;
import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.stereotype.Component;

/**
 * How a new password gets from the public page to "Validate password" and "Set password" without ever being an
 * engine variable. The page binds the submission to its own thread for the one synchronous call that correlates
 * {@code Message_PasswordSubmitted}; the engine runs both tasks on that thread, in that call, and they read it here.
 *
 * <p>This is what makes the public page the only way in. A call through the engine's APIs (REST, Tasklist,
 * Cockpit, a message correlated or an instance modified by an admin) runs on a thread with no submission bound, so
 * both tasks refuse with an {@link AuthorizationException}: the whole call rolls back, and the REST API answers 403.
 * Nothing reaches the directory and nothing is written.
 */
@Component
public class PasswordHandover {

    private final ThreadLocal<Submitted> current = new ThreadLocal<>();

    /**
     * What the breach check said about the password before the link's row was locked: the page asks it outside the
     * transaction, so a slow breach source never holds the link. {@code NOT_ASKED}: "Validate password" asks itself
     * if it gets that far.
     */
    public enum BreachVerdict { NOT_ASKED, BREACHED, NOT_BREACHED }

    /**
     * What the user typed on the page, for one reset; or, with {@code alreadyAccepted}, no password at all: the
     * directory already took it, and the reset only has to be finished. Its {@code toString} names no secret.
     */
    public record Submitted(String processInstanceId, String password, String confirmation, boolean alreadyAccepted,
                            BreachVerdict breach) {

        public Submitted {
            Objects.requireNonNull(processInstanceId, "processInstanceId");
            Objects.requireNonNull(breach, "breach");
        }

        public Submitted(String processInstanceId, String password, String confirmation) {
            this(processInstanceId, password, confirmation, false, BreachVerdict.NOT_ASKED);
        }

        static Submitted checked(String processInstanceId, String password, String confirmation, BreachVerdict breach) {
            return new Submitted(processInstanceId, password, confirmation, false, breach);
        }

        static Submitted finishing(String processInstanceId) {
            return new Submitted(processInstanceId, null, null, true, BreachVerdict.NOT_ASKED);
        }

        @Override
        public String toString() {
            return "Submitted[reset " + processInstanceId + "]";
        }
    }

    /**
     * Runs {@code work} with the submission bound to this thread, and unbinds it whatever happens. Only the public
     * password page (and process tests standing in for it) call this.
     */
    public <T> T during(Submitted submission, Supplier<T> work) {
        if (current.get() != null) {
            throw new IllegalStateException("A password hand-over is already under way on this thread");
        }
        current.set(submission);
        try {
            return work.get();
        } finally {
            current.remove();
        }
    }

    /**
     * The submission the public page handed over for this reset.
     *
     * @throws AuthorizationException when the call did not come from the public page for this very reset
     */
    public Submitted require(String processInstanceId) {
        Submitted submission = current.get();
        if (submission == null || !submission.processInstanceId().equals(processInstanceId)) {
            throw new AuthorizationException("A new password can only be set on ResetFlow's public password page, "
                    + "never through the engine's API, Tasklist or Cockpit (reset " + processInstanceId + ")");
        }
        return submission;
    }
}

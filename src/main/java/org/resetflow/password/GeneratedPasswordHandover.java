package org.resetflow.password;

import java.util.Objects;
import java.util.function.Supplier;
import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.stereotype.Component;

/**
 * The way back of {@link PasswordHandover}: how a password the directory generated gets from "Generate password" to
 * the public page that shows it once, without ever being an engine variable, a row or a log line. The page binds an
 * empty {@link Slot} to its own thread for the one call that correlates {@code Message_PasswordSubmitted}; the task
 * runs on that thread, in that call, and puts the password into the slot; the page reads it from there and renders
 * it.
 *
 * <p>Without a slot bound for this very reset, "Generate password" refuses to run: a call through the engine's APIs
 * (REST, Cockpit, a modification) would make the directory generate a password that nobody can see, so it is rolled
 * back instead, as {@link PasswordHandover} does for a chosen one.
 */
@Component
public class GeneratedPasswordHandover {

    private final ThreadLocal<Binding> current = new ThreadLocal<>();

    /** Where the generated password waits for the page, in memory only. Its {@code toString} names no secret. */
    public static final class Slot {

        private String password;

        /** The generated password, or null when none was generated in the call. */
        public String password() {
            return password;
        }

        @Override
        public String toString() {
            return "Slot[" + (password == null ? "empty" : "filled") + "]";
        }
    }

    private record Binding(String processInstanceId, Slot slot) {
    }

    /**
     * Runs {@code work} with {@code slot} bound to this thread for one reset, and unbinds it whatever happens. Only the
     * public page (and process tests standing in for it) call this.
     */
    public <T> T during(String processInstanceId, Slot slot, Supplier<T> work) {
        Objects.requireNonNull(processInstanceId, "processInstanceId");
        Objects.requireNonNull(slot, "slot");
        if (current.get() != null) {
            throw new IllegalStateException("A generated-password hand-over is already under way on this thread");
        }
        current.set(new Binding(processInstanceId, slot));
        try {
            return work.get();
        } finally {
            current.remove();
        }
    }

    /**
     * Fails unless the public page waits for this reset's generated password on this thread; called before the
     * directory is asked, so nothing is generated that nobody would see.
     *
     * @throws AuthorizationException when the call did not come from the public page for this very reset
     */
    public void requireWaitingPage(String processInstanceId) {
        Binding binding = current.get();
        if (binding == null || !binding.processInstanceId().equals(processInstanceId)) {
            throw new AuthorizationException("A generated password can only be asked for on ResetFlow's public page "
                    + "behind the owner's link, never through the engine's API, Tasklist or Cockpit (reset "
                    + processInstanceId + ")");
        }
    }

    /** Hands the generated password to the waiting page. */
    public void hand(String processInstanceId, String password) {
        requireWaitingPage(processInstanceId);
        current.get().slot().password = password;
    }
}

package org.resetflow.botdefence;

import static org.resetflow.PasswordResetProcess.CHANNEL_SELF_SERVICE;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.camunda.bpm.engine.DecisionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether the request form requires a proof of work: the process owner's decision table {@code requestChecks}
 * ({@code bpmn/request-checks.dmn}), read at most once a minute per node and kept in between. Evaluating it per
 * request would put a decision and its history row on the request path, which must stay one insert.
 */
@Component
class ProofOfWorkPolicy {

    static final String DECISION_KEY = "requestChecks";
    static final String OUTPUT = "requireProofOfWork";
    private static final Duration KEEP = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(ProofOfWorkPolicy.class);

    private record Decided(boolean required, Instant at) {
    }

    private final DecisionService decisions;
    private final Clock clock;
    private final AtomicReference<Decided> decided = new AtomicReference<>();

    ProofOfWorkPolicy(DecisionService decisions, Clock clock) {
        this.decisions = decisions;
        this.clock = clock;
    }

    boolean required() {
        Decided current = decided.get();
        Instant now = clock.instant();
        if (current == null || !now.isBefore(current.at().plus(KEEP))) {
            current = new Decided(evaluate(), now);
            decided.set(current);
        }
        return current.required();
    }

    /** Reads the table again on the next request, e.g. after a redeployment. */
    void forget() {
        decided.set(null);
    }

    private boolean evaluate() {
        try {
            Object required = decisions.evaluateDecisionTableByKey(DECISION_KEY)
                    .variables(java.util.Map.of("channel", CHANNEL_SELF_SERVICE))
                    .evaluate().getSingleResult().getEntry(OUTPUT);
            return !Boolean.FALSE.equals(required);
        } catch (RuntimeException e) {
            // No table (or a broken one): keep the defence on rather than open the form to scripts.
            log.warn("Decision {} could not be evaluated ({}); the proof of work stays required", DECISION_KEY,
                    e.getClass().getSimpleName());
            return true;
        }
    }
}

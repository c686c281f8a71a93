package org.resetflow.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The counters of the reset flow, one name per question an operator asks, told apart by a tag (Prometheus names in
 * brackets):
 * <ul>
 *   <li>{@code resetflow.requests} {@code result=queued|rate-limited} ({@code resetflow_requests_total}): requests
 *       the page accepted as input; with {@code resetflow.requests.dropped} (inbox full, counted by
 *       {@code request.ResetRequests}) their sum is "requested";</li>
 *   <li>{@code resetflow.mails} {@code kind=reset-link|activation|generated-password|confirmation|approval-expired|
 *       unlock-link|unlocked|no-unlock}
 *       ({@code resetflow_mails_total}): mails the mail server took, by what they told the owner (a repeated
 *       request's or a revoked password's link is a reset link);</li>
 *   <li>{@code resetflow.resets.ended} {@code outcome=completed|expired|superseded|too-many-attempts|
 *       no-eligible-account|account-gone|approval-rejected|approval-expired|account-unlocked|no-unlock}
 *       ({@code resetflow_resets_ended_total});</li>
 *   <li>{@code resetflow.passwords.rejected} {@code by=policy|directory} ({@code resetflow_passwords_rejected_total}).</li>
 * </ul>
 * No tag ever carries what a user typed, an account or an address: the values are fixed words.
 */
@Component
public class ResetMetrics {

    /** The process model's end events, by the outcome word their counter carries. */
    static final Map<String, String> OUTCOMES = Map.ofEntries(
            Map.entry("EndEvent_PasswordReset", "completed"),
            Map.entry("EndEvent_TokenExpired", "expired"),
            Map.entry("EndEvent_Superseded", "superseded"),
            Map.entry("EndEvent_TooManyAttempts", "too-many-attempts"),
            Map.entry("EndEvent_NoEligibleAccount", "no-eligible-account"),
            Map.entry("EndEvent_AccountGone", "account-gone"),
            Map.entry("EndEvent_GeneratedAccountGone", "account-gone"),
            Map.entry("EndEvent_UnlockAccountGone", "account-gone"),
            Map.entry("EndEvent_ResetRejected", "approval-rejected"),
            Map.entry("EndEvent_ApprovalExpired", "approval-expired"),
            Map.entry("EndEvent_AccountUnlocked", "account-unlocked"),
            Map.entry("EndEvent_NoUnlock", "no-unlock"));

    /** The kinds of mail, the values of {@code resetflow.mails}' tag {@code kind}. */
    public static final String MAIL_RESET_LINK = "reset-link";
    public static final String MAIL_ACTIVATION = "activation";
    public static final String MAIL_GENERATED_PASSWORD = "generated-password";
    public static final String MAIL_CONFIRMATION = "confirmation";
    public static final String MAIL_APPROVAL_EXPIRED = "approval-expired";
    public static final String MAIL_UNLOCK_LINK = "unlock-link";
    public static final String MAIL_UNLOCKED = "unlocked";
    public static final String MAIL_NO_UNLOCK = "no-unlock";
    private static final List<String> MAIL_KINDS = List.of(MAIL_RESET_LINK, MAIL_ACTIVATION,
            MAIL_GENERATED_PASSWORD, MAIL_CONFIRMATION, MAIL_APPROVAL_EXPIRED, MAIL_UNLOCK_LINK, MAIL_UNLOCKED,
            MAIL_NO_UNLOCK);

    private final MeterRegistry registry;

    public ResetMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Registered up front, so a rate over them is 0 rather than absent before the first event.
        for (String result : new String[] {"queued", "rate-limited"}) {
            requests(result);
        }
        MAIL_KINDS.forEach(this::mails);
        OUTCOMES.values().forEach(this::ended);
        for (String by : new String[] {"policy", "directory"}) {
            rejected(by);
        }
    }

    public void requestQueued() {
        requests("queued").increment();
    }

    public void requestRateLimited() {
        requests("rate-limited").increment();
    }

    /** @param kind one of the {@code MAIL_} words: a tag never carries anything else */
    public void mailed(String kind) {
        if (!MAIL_KINDS.contains(kind)) {
            throw new IllegalArgumentException("Not a kind of mail: " + kind);
        }
        mails(kind).increment();
    }

    /**
     * Requests whose identifier named no eligible account: since the intake looks accounts up before any reset
     * starts, they never become a reset, and are counted here under the outcome they had as one.
     */
    public void noEligibleAccount(int requests) {
        if (requests > 0) {
            ended(OUTCOMES.get("EndEvent_NoEligibleAccount")).increment(requests);
        }
    }

    void resetEnded(String endEventId) {
        ended(OUTCOMES.getOrDefault(endEventId, "other")).increment();
    }

    void passwordRejected(String by) {
        rejected(by).increment();
    }

    private Counter requests(String result) {
        return Counter.builder("resetflow.requests").description("Reset requests the request page accepted as input")
                .tag("result", result).register(registry);
    }

    private Counter mails(String kind) {
        return Counter.builder("resetflow.mails").description("Mails the mail server accepted")
                .tag("kind", kind).register(registry);
    }

    private Counter ended(String outcome) {
        return Counter.builder("resetflow.resets.ended").description("Resets that ended, by their end event")
                .tag("outcome", outcome).register(registry);
    }

    private Counter rejected(String by) {
        return Counter.builder("resetflow.passwords.rejected")
                .description("New passwords refused by the local policy or by the directory")
                .tag("by", by).register(registry);
    }
}

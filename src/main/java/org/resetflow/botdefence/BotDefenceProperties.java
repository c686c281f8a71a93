package org.resetflow.botdefence;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The proof of work on the request page.
 *
 * @param enabled           {@code false}: no challenge, every request goes straight to the rate limits
 * @param hmacKey           the key challenges are signed with, only from the environment
 *                          ({@code RESETFLOW_BOT_DEFENCE_HMAC_KEY}, at least 32 characters; every node the same).
 *                          Demo mode generates one; outside demo mode ResetFlow refuses to start without it
 * @param maxNumber         the cost: the secret number is drawn below it, so a solver tries half of it on average
 * @param elevatedMaxNumber the cost while this node takes more than {@code elevatedAbove} requests a minute
 * @param elevatedAbove     requests per minute on this node above which challenges cost {@code elevatedMaxNumber};
 *                          0: never
 * @param challengeLifetime how long a challenge can be solved and its solution sent
 * @param withoutJavascript the fallback for browsers without JavaScript
 * @param cleanupInterval   how often spent solutions whose challenges have expired are deleted from
 *                          {@code rf_bot_solution} (a solution is kept until then, so that it cannot be sent twice)
 */
@Validated
@ConfigurationProperties("resetflow.bot-defence")
record BotDefenceProperties(
        @DefaultValue("true") boolean enabled,
        String hmacKey,
        @Min(1_000) @Max(100_000_000) @DefaultValue("100000") long maxNumber,
        @Min(1_000) @Max(100_000_000) @DefaultValue("300000") long elevatedMaxNumber,
        @Min(0) @DefaultValue("600") int elevatedAbove,
        @NotNull @DefaultValue("10m") Duration challengeLifetime,
        @Valid @NotNull @DefaultValue WithoutJavascript withoutJavascript,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("5m") Duration cleanupInterval) {

    static final int MIN_KEY_LENGTH = 32;

    /**
     * A browser without JavaScript cannot solve a challenge; its form says so with a field only such a browser sends
     * (inside {@code <noscript>}). A script can send that field too, so these requests get limits of their own, far
     * below the usual ones; 0 turns the fallback off (such requests get the neutral page and start nothing).
     *
     * @param requestsPerAddress requests per client network in {@code window}
     * @param requestsPerNode    requests from all networks together in {@code window}, on this node
     * @param window             the period both limits count over
     */
    record WithoutJavascript(
            @Min(0) @DefaultValue("3") int requestsPerAddress,
            @Min(0) @DefaultValue("60") int requestsPerNode,
            @NotNull @DefaultValue("1h") Duration window) {
    }
}

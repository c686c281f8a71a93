package org.resetflow.botdefence;

import java.util.Optional;
import org.resetflow.config.ClientAddress;
import org.resetflow.config.KeyedRateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Decides whether a reset request may go on to the rate limits and the inbox. With a solution: it must verify (one
 * SHA-256, one HMAC) and be used for the first time (one insert into the shared table). Without one: only a form that
 * says it comes from a browser without JavaScript, within that fallback's own, stricter limits. Everything else is
 * refused, and the caller answers with the same neutral page as always. None of this looks at the identifier, so
 * the work is the same whether or not the account exists.
 */
@Service
public class BotDefence {

    private static final Logger log = LoggerFactory.getLogger(BotDefence.class);
    private static final String ALL_NETWORKS = "*";

    private final BotDefenceProperties properties;
    private final Challenges challenges;
    private final UsedSolutions usedSolutions;
    private final RequestRate rate;
    private final ProofOfWorkPolicy policy;
    private final KeyedRateLimiter noScriptPerNetwork;
    private final KeyedRateLimiter noScriptPerNode;

    BotDefence(BotDefenceProperties properties, Challenges challenges, UsedSolutions usedSolutions, RequestRate rate,
               ProofOfWorkPolicy policy) {
        this.properties = properties;
        this.policy = policy;
        this.challenges = challenges;
        this.usedSolutions = usedSolutions;
        this.rate = rate;
        BotDefenceProperties.WithoutJavascript noScript = properties.withoutJavascript();
        this.noScriptPerNetwork = new KeyedRateLimiter(Math.max(1, noScript.requestsPerAddress()), noScript.window());
        this.noScriptPerNode = new KeyedRateLimiter(Math.max(1, noScript.requestsPerNode()), noScript.window());
    }

    /**
     * Whether the request page requires (and shows) the proof of work: switched on in the configuration and
     * required by the process owner's decision table {@code requestChecks}.
     */
    public boolean enabled() {
        return properties.enabled() && policy.required();
    }

    /**
     * @param solution the widget's payload (base64 JSON), or null
     * @param noScript the form came through the {@code <noscript>} fallback
     */
    public boolean admits(String solution, boolean noScript, ClientAddress client) {
        if (!enabled()) {
            return true;
        }
        rate.record();
        if (solution != null && !solution.isEmpty()) {
            Optional<Challenges.Solved> solved = challenges.verify(solution);
            if (solved.isEmpty()) {
                return refused("a wrong or expired solution", client);
            }
            if (!usedSolutions.firstUse(solved.get().challenge(), solved.get().expiresAt())) {
                return refused("a solution already used", client);
            }
            return true;
        }
        if (noScript && noScriptAdmits(client)) {
            return true;
        }
        return refused(noScript ? "no solution (no JavaScript), over that fallback's limits" : "no solution", client);
    }

    private boolean noScriptAdmits(ClientAddress client) {
        BotDefenceProperties.WithoutJavascript limits = properties.withoutJavascript();
        if (limits.requestsPerAddress() == 0 || limits.requestsPerNode() == 0) {
            return false;
        }
        // The network's own share first, so one network alone cannot spend the node's whole fallback.
        return noScriptPerNetwork.tryAcquire(client.network()) && noScriptPerNode.tryAcquire(ALL_NETWORKS);
    }

    private static boolean refused(String why, ClientAddress client) {
        log.info("Reset request refused by the bot defence from {}: {}", client.address(), why);
        return false;
    }
}

package org.resetflow.request;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Optional;
import org.resetflow.botdefence.BotDefence;
import org.resetflow.config.ClientAddress;
import org.resetflow.config.ClientNetworks;
import org.resetflow.config.RateLimitProperties;
import org.resetflow.config.RateLimiter;
import org.resetflow.operations.ResetMetrics;
import org.resetflow.config.RateLimiters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;

/** The request page and its one neutral answer. */
@Controller
class RequestController {

    static final String VIEW_REQUEST_FORM = "request/form";
    static final String VIEW_REQUEST_SENT = "request/sent";

    private static final Logger log = LoggerFactory.getLogger(RequestController.class);

    private final ResetRequests resetRequests;
    private final BotDefence botDefence;
    private final ClientNetworks clientNetworks;
    private final RateLimiter perNetwork;
    private final RateLimiter perIdentifierAndNetwork;
    private final RateLimiter perIdentifier;
    private final ResetMetrics metrics;
    private final NeutralAnswerView neutralAnswer;

    RequestController(ResetRequests resetRequests, BotDefence botDefence, ClientNetworks clientNetworks,
                      RateLimitProperties limits, RateLimiters rateLimiters, ResetMetrics metrics,
                      NeutralAnswerView neutralAnswer) {
        this.resetRequests = resetRequests;
        this.neutralAnswer = neutralAnswer;
        this.botDefence = botDefence;
        this.metrics = metrics;
        this.clientNetworks = clientNetworks;
        this.perNetwork = rateLimiters.limiter("request-network", limits.requestsPerAddress(), limits.addressWindow());
        this.perIdentifierAndNetwork = rateLimiters.limiter("request-identifier-network",
                limits.requestsPerIdentifier(), limits.identifierWindow());
        this.perIdentifier = rateLimiters.limiter("request-identifier",
                limits.requestsPerIdentifierAllNetworks(), limits.identifierWindow());
    }

    @GetMapping("/")
    String initRequestForm() {
        return VIEW_REQUEST_FORM;
    }

    @PostMapping("/request")
    ModelAndView processRequestForm(@ModelAttribute RequestForm form, HttpServletRequest request,
                                    HttpServletResponse response, Model model) {
        Optional<String> identifier = Identifiers.clean(form.identifier());
        if (identifier.isEmpty()) {
            // Says nothing about any account: only that the input itself cannot be a user name or address.
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("invalidIdentifier", true);
            return new ModelAndView(VIEW_REQUEST_FORM, model.asMap());
        }
        ClientAddress client = clientNetworks.resolve(request);
        // No proof of work (and not the no-JavaScript fallback within its limits): the usual answer, nothing starts.
        // Checked before the rate limits, so a bot's requests spend none of a real user's share.
        if (!botDefence.admits(form.altcha(), Boolean.TRUE.equals(form.noScript()), client)) {
            return new ModelAndView(neutralAnswer);
        }
        String typed = identifier.get().toLowerCase(Locale.ROOT);
        // Over a limit the requester sees the usual answer: the limit must not tell whether the account exists. No
        // reset starts, so the account's newest link stays live. Each limit is only asked once the one before it
        // said yes: a network over its share for an identifier spends nothing of the cap for all networks, so one
        // network alone cannot lock the owner out. (The key puts the network first: it never holds a space.)
        if (perNetwork.tryAcquire(client.network())
                && perIdentifierAndNetwork.tryAcquire(client.network() + " " + typed)
                && perIdentifier.tryAcquire(typed)) {
            resetRequests.request(identifier.get(), client.address(), LocaleContextHolder.getLocale().getLanguage(),
                    RequestPurpose.of(form.purpose()));
        } else {
            log.info("Reset request over the rate limit from {}", client.address());
            metrics.requestRateLimited();
        }
        return new ModelAndView(neutralAnswer);
    }
}

package org.resetflow.password;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Optional;
import org.resetflow.config.ClientNetworks;
import org.resetflow.config.RateLimitProperties;
import org.resetflow.config.RateLimiter;
import org.resetflow.config.RateLimiters;
import org.resetflow.password.PasswordSubmissions.OpenReset;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The page a reset link opens, and its submission. Unknown, expired, used and superseded links all get the same
 * "no longer valid" page.
 */
@Controller
class PasswordController {

    static final String VIEW_PASSWORD_FORM = "password/form";
    static final String VIEW_NOTICE = "password/notice";
    static final String VIEW_GENERATED_CONFIRM = "password/generated";
    static final String VIEW_GENERATED_SHOWN = "password/generated-shown";
    static final String VIEW_UNLOCK = "password/unlock";

    private static final int MAX_TOKEN_LENGTH = 64;

    private final PasswordSubmissions submissions;
    private final PasswordPolicy policy;
    private final PasswordAdvice advice;
    private final RateLimiter linkChecks;
    private final ClientNetworks clientNetworks;

    PasswordController(PasswordSubmissions submissions, PasswordPolicy policy, PasswordAdvice advice,
                       RateLimitProperties limits, ClientNetworks clientNetworks, RateLimiters rateLimiters) {
        this.submissions = submissions;
        this.policy = policy;
        this.advice = advice;
        this.clientNetworks = clientNetworks;
        this.linkChecks = rateLimiters.limiter("link-check", limits.linkChecksPerAddress(), limits.linkCheckWindow());
    }

    @GetMapping("/reset/{token}")
    String initPasswordForm(@PathVariable String token, Model model, HttpServletRequest request,
                            HttpServletResponse response) {
        Optional<String> refused = refuseBeforeLookUp(token, model, request, response);
        if (refused.isPresent()) {
            return refused.get();
        }
        return submissions.open(token)
                .map(reset -> linksOwnPage(model, token, reset))
                .orElseGet(() -> invalidLink(model, response));
    }

    /**
     * The owner of an unlock link presses "Unlock my account": checked as a password submission is (rate limit, a
     * live and unused link), then the process's "Unlock account" asks the directory before this page answers. Opening
     * the link (GET) only shows the button, so a mail scanner unlocks nothing. A press on any other kind of link
     * changes nothing and shows that link's own page.
     */
    @PostMapping("/reset/{token}/unlock")
    String processUnlock(@PathVariable String token, Model model, HttpServletRequest request,
                         HttpServletResponse response) {
        Optional<String> refused = refuseBeforeLookUp(token, model, request, response);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<OpenReset> open = submissions.open(token);
        if (open.isEmpty()) {
            return invalidLink(model, response);
        }
        OpenReset reset = open.get();
        if (!reset.unlock()) {
            return linksOwnPage(model, token, reset);
        }
        return switch (submissions.unlock(token)) {
            case DONE -> notice(model, response, HttpServletResponse.SC_OK, "unlocked");
            case TRY_LATER, UNCONFIRMED -> {
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setHeader("Retry-After", "5");
                model.addAttribute("unavailable", true);
                yield unlockConfirmation(model, token, reset);
            }
            default -> invalidLink(model, response);
        };
    }

    /** What a link opens: the password form, the generated password's confirmation, or the unlock button. */
    private String linksOwnPage(Model model, String token, OpenReset reset) {
        if (reset.generated()) {
            return generatedConfirmation(model, token, reset);
        }
        return reset.unlock() ? unlockConfirmation(model, token, reset) : passwordForm(model, token, reset);
    }

    /**
     * The owner of a helpdesk's generated password confirms: only now is the directory asked to generate it, and the
     * answer is the one page that ever shows it. Opening the link (GET) never gets this far, so a mail scanner or a
     * link preview that fetches the link changes nothing.
     */
    @PostMapping("/reset/{token}")
    String processGeneratedPassword(@PathVariable String token, Model model, HttpServletRequest request,
                                    HttpServletResponse response) {
        Optional<String> refused = refuseBeforeLookUp(token, model, request, response);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<OpenReset> open = submissions.open(token);
        if (open.isEmpty()) {
            return invalidLink(model, response);
        }
        OpenReset reset = open.get();
        if (!reset.generated()) {
            // A reset whose owner chooses the password (or an unlock): nothing to generate, its own page asks.
            return linksOwnPage(model, token, reset);
        }
        PasswordSubmissions.Generation generation = submissions.reveal(token);
        return switch (generation.outcome()) {
            case DONE -> {
                response.setHeader("Pragma", "no-cache");
                response.setHeader("Expires", "0");
                model.addAttribute("userName", reset.userName());
                model.addAttribute("generatedPassword", generation.password());
                yield VIEW_GENERATED_SHOWN;
            }
            case TRY_LATER, UNCONFIRMED -> {
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setHeader("Retry-After", "5");
                model.addAttribute("unavailable", true);
                yield generatedConfirmation(model, token, reset);
            }
            default -> invalidLink(model, response);
        };
    }

    /**
     * What every request about a link answers before the link is looked up: never cached, guessing by volume cut off
     * per client network, and a token no link can have refused without a database read.
     */
    private Optional<String> refuseBeforeLookUp(String token, Model model, HttpServletRequest request,
                                                HttpServletResponse response) {
        noStore(response);
        if (!linkChecks.tryAcquire(clientNetworks.resolve(request).network())) {
            return Optional.of(tooManyRequests(model, response));
        }
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.of(invalidLink(model, response));
        }
        return Optional.empty();
    }

    private static String generatedConfirmation(Model model, String token, OpenReset reset) {
        model.addAttribute("token", token);
        model.addAttribute("languageSwitchPath", "/reset/" + token);
        model.addAttribute("userName", reset.userName());
        return VIEW_GENERATED_CONFIRM;
    }

    private static String unlockConfirmation(Model model, String token, OpenReset reset) {
        model.addAttribute("token", token);
        model.addAttribute("languageSwitchPath", "/reset/" + token);
        model.addAttribute("userName", reset.userName());
        return VIEW_UNLOCK;
    }

    @PostMapping("/reset")
    String processPasswordForm(@ModelAttribute PasswordForm form, Model model, HttpServletRequest request,
                               HttpServletResponse response, Locale locale) {
        String token = form.token();
        Optional<String> refused = refuseBeforeLookUp(token, model, request, response);
        if (refused.isPresent()) {
            return refused.get();
        }
        // Read before submitting: a form shown again needs the account, and a rolled-back submission cannot tell it.
        // A link that is not open now never opens again, so it cannot be submitted either.
        Optional<OpenReset> open = submissions.open(token);
        if (open.isEmpty()) {
            return invalidLink(model, response);
        }
        OpenReset reset = open.get();
        if (reset.generated() || reset.unlock()) {
            // Its owner chooses nothing: the directory generates the password once they confirm, or an unlock sets
            // no password at all. Nothing is submitted; the link's own page is shown again.
            return linksOwnPage(model, token, reset);
        }
        Submission submission = submissions.submit(token, form.password(), form.confirmPassword());
        return switch (submission.outcome()) {
            case DONE -> notice(model, response, HttpServletResponse.SC_OK, "done");
            case INVALID_LINK -> invalidLink(model, response);
            case TOO_MANY_ATTEMPTS -> notice(model, response, HttpServletResponse.SC_GONE, "toomanyattempts");
            case REJECTED -> {
                response.setStatus(422);
                model.addAttribute("reason", submission.reason());
                if (PasswordCheck.TOO_WEAK.equals(submission.reason())) {
                    model.addAttribute("advice", advice.texts(submission.detail(), locale));
                } else {
                    // Any other detail is the directory's own text: shown as it wrote it, under a heading saying so.
                    model.addAttribute("directoryText", submission.detail());
                }
                model.addAttribute("attemptsLeft", submission.attemptsLeft());
                yield passwordForm(model, token, reset);
            }
            case TRY_LATER, UNCONFIRMED -> {
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setHeader("Retry-After", "5");
                model.addAttribute(submission.outcome() == Submission.Outcome.UNCONFIRMED ? "unconfirmed" : "unavailable",
                        true);
                yield passwordForm(model, token, reset);
            }
        };
    }

    /**
     * What every rendering of the form shows, first or again: the same local and directory rules, hints and user name
     * (for password managers). A rejection or an outage only adds its own message.
     */
    private String passwordForm(Model model, String token, OpenReset reset) {
        model.addAttribute("token", token);
        // The language switch reopens the link's page (also after a refused submit), not the start page.
        model.addAttribute("languageSwitchPath", "/reset/" + token);
        model.addAttribute("userName", reset.userName());
        model.addAttribute("rules", policy.rules());
        model.addAttribute("directoryRules", policy.directoryRules(reset.accountId()));
        return VIEW_PASSWORD_FORM;
    }

    /** Guessing tokens by volume is cut off per client address. */
    private static String tooManyRequests(Model model, HttpServletResponse response) {
        response.setHeader("Retry-After", "60");
        return notice(model, response, 429, "toomanyrequests");
    }

    private static String invalidLink(Model model, HttpServletResponse response) {
        return notice(model, response, HttpServletResponse.SC_GONE, "invalidlink");
    }

    /** A page that only tells an outcome; {@code notice} names its texts in messages.properties. */
    private static String notice(Model model, HttpServletResponse response, int status, String notice) {
        response.setStatus(status);
        model.addAttribute("notice", notice);
        return VIEW_NOTICE;
    }

    /** Pages that carry a token are neither cached nor allowed to leak it through a Referer header. */
    private static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}

package org.resetflow.password;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.resetflow.config.KeyedRateLimiter;
import org.resetflow.config.RateLimitProperties;
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
    static final String VIEW_INVALID_LINK = "password/invalid-link";
    static final String VIEW_TOO_MANY_ATTEMPTS = "password/too-many-attempts";
    static final String VIEW_DONE = "password/done";

    private static final int MAX_TOKEN_LENGTH = 64;

    static final String VIEW_TOO_MANY_REQUESTS = "password/too-many-requests";

    private final PasswordSubmissions submissions;
    private final PasswordPolicy policy;
    private final KeyedRateLimiter linkChecks;

    PasswordController(PasswordSubmissions submissions, PasswordPolicy policy, RateLimitProperties limits) {
        this.submissions = submissions;
        this.policy = policy;
        this.linkChecks = new KeyedRateLimiter(limits.linkChecksPerAddress(), limits.linkCheckWindow());
    }

    @GetMapping("/reset/{token}")
    String initPasswordForm(@PathVariable String token, Model model, HttpServletRequest request,
                            HttpServletResponse response) {
        noStore(response);
        if (!linkChecks.tryAcquire(request.getRemoteAddr())) {
            return tooManyRequests(response);
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return invalidLink(response);
        }
        return submissions.open(token)
                .map(reset -> {
                    model.addAttribute("token", token);
                    model.addAttribute("userName", reset.userName());
                    model.addAttribute("rules", policy.rules());
                    model.addAttribute("directoryRules", policy.directoryRules(reset.accountId()));
                    return VIEW_PASSWORD_FORM;
                })
                .orElseGet(() -> invalidLink(response));
    }

    @PostMapping("/reset")
    String processPasswordForm(@ModelAttribute PasswordForm form, Model model, HttpServletRequest request,
                               HttpServletResponse response) {
        noStore(response);
        if (!linkChecks.tryAcquire(request.getRemoteAddr())) {
            return tooManyRequests(response);
        }
        String token = form.token();
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return invalidLink(response);
        }
        Submission submission = submissions.submit(token, form.password(), form.confirmPassword());
        return switch (submission.outcome()) {
            case DONE -> VIEW_DONE;
            case INVALID_LINK -> invalidLink(response);
            case TOO_MANY_ATTEMPTS -> {
                response.setStatus(HttpServletResponse.SC_GONE);
                yield VIEW_TOO_MANY_ATTEMPTS;
            }
            case REJECTED -> {
                response.setStatus(422);
                model.addAttribute("token", token);
                model.addAttribute("rules", policy.rules());
                model.addAttribute("reason", submission.reason());
                model.addAttribute("detail", submission.detail());
                model.addAttribute("attemptsLeft", submission.attemptsLeft());
                yield VIEW_PASSWORD_FORM;
            }
            case TRY_LATER -> {
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                model.addAttribute("token", token);
                model.addAttribute("rules", policy.rules());
                model.addAttribute("unavailable", true);
                yield VIEW_PASSWORD_FORM;
            }
        };
    }

    /** Guessing tokens by volume is cut off per client address. */
    private static String tooManyRequests(HttpServletResponse response) {
        response.setStatus(429);
        response.setHeader("Retry-After", "60");
        return VIEW_TOO_MANY_REQUESTS;
    }

    private static String invalidLink(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_GONE);
        return VIEW_INVALID_LINK;
    }

    /** Pages that carry a token are neither cached nor allowed to leak it through a Referer header. */
    private static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}

package org.resetflow.language;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Locale;
import org.resetflow.config.ClientNetworks;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The page language without a server session: the language switch's choice in a cookie, else the best match for
 * {@code Accept-Language}. Only supported languages are ever returned or stored, so a forged cookie or parameter
 * falls back like an unknown browser language.
 */
class LanguageCookie implements LocaleResolver {

    static final String COOKIE = "resetflow-lang";
    private static final String CHOSEN = LanguageCookie.class.getName() + ".CHOSEN";
    private static final Duration KEPT = Duration.ofDays(365);

    private final ClientNetworks clientNetworks;

    LanguageCookie(ClientNetworks clientNetworks) {
        this.clientNetworks = clientNetworks;
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        if (request.getAttribute(CHOSEN) instanceof Locale chosen) {
            return chosen;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    var supported = Languages.supported(cookie.getValue());
                    if (supported.isPresent()) {
                        return supported.get();
                    }
                }
            }
        }
        return Languages.forAcceptLanguage(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        Locale chosen = locale == null ? null : Languages.supported(locale.toLanguageTag()).orElse(null);
        if (chosen == null || response == null) {
            return;
        }
        request.setAttribute(CHOSEN, chosen);
        // Not a secret and not needed by scripts; Lax like the CSRF cookie, and Secure whenever the browser spoke
        // HTTPS, also to a proxy that ends TLS in front of ResetFlow.
        ResponseCookie cookie = ResponseCookie.from(COOKIE, chosen.getLanguage()).path("/").maxAge(KEPT)
                .httpOnly(true).sameSite("Lax").secure(clientNetworks.browserOverHttps(request)).build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }
}

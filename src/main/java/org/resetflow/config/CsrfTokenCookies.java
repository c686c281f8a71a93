package org.resetflow.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * Keeps the public pages' CSRF token in a cookie instead of a server session, so an anonymous visitor costs no
 * memory and any node can check a form another node served. The cookie holds the token; the form's hidden
 * {@code _csrf} field holds it masked afresh on every page (Spring Security's default
 * {@code XorCsrfTokenRequestAttributeHandler}, against BREACH), and a POST must bring both. A site that cannot set
 * this cookie cannot forge the pair.
 *
 * <p>The cookie is HttpOnly (no page runs scripts) and SameSite=Lax: a reset link is opened from a mail client, a
 * cross-site navigation, and Lax lets that page keep the token another tab already holds, while no other site's form
 * can post it. Over HTTPS it is Secure and named with the {@code __Host-} prefix, which also keeps a sibling
 * subdomain from planting its own.
 */
final class CsrfTokenCookies implements CsrfTokenRepository {

    static final String COOKIE_NAME = "resetflow-csrf";
    static final String SECURE_COOKIE_NAME = "__Host-resetflow-csrf";

    private final CookieCsrfTokenRepository plain = cookies(COOKIE_NAME, false);
    private final CookieCsrfTokenRepository secure = cookies(SECURE_COOKIE_NAME, true);
    private final ClientNetworks clientNetworks;

    CsrfTokenCookies(ClientNetworks clientNetworks) {
        this.clientNetworks = clientNetworks;
    }

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return cookiesFor(request).generateToken(request);
    }

    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        cookiesFor(request).saveToken(token, request, response);
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        return cookiesFor(request).loadToken(request);
    }

    private CookieCsrfTokenRepository cookiesFor(HttpServletRequest request) {
        return clientNetworks.browserOverHttps(request) ? secure : plain;
    }

    private static CookieCsrfTokenRepository cookies(String name, boolean secure) {
        CookieCsrfTokenRepository cookies = new CookieCsrfTokenRepository();
        cookies.setCookieName(name);
        cookies.setCookiePath("/");
        cookies.setCookieHttpOnly(true);
        cookies.setCookieCustomizer(cookie -> cookie.secure(secure).sameSite("Lax"));
        return cookies;
    }
}

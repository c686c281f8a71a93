package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;

/** Which cookie carries the CSRF token, for requests the HTTP tests cannot make (HTTPS, through a TLS proxy). */
class CsrfTokenCookiesTest {

    private static final String PROXY = "10.0.0.5";

    @Test
    void shouldUseAPlainHttpOnlyLaxCookieOverHttp() {
        // Given a plain HTTP request straight from a browser
        CsrfTokenCookies cookies = cookies("https://reset.example.org");
        MockHttpServletRequest request = request("198.51.100.7", false);

        // When a token is saved
        Cookie cookie = save(cookies, request);

        // Then the cookie is HttpOnly and SameSite=Lax, and not Secure (the browser would drop it)
        assertThat(cookie.getName()).isEqualTo("resetflow-csrf");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
        assertThat(cookie.getSecure()).isFalse();
    }

    @Test
    void shouldUseASecureHostCookieOverHttps() {
        // Given an HTTPS request
        CsrfTokenCookies cookies = cookies("http://localhost:8080");
        MockHttpServletRequest request = request("198.51.100.7", true);

        // When a token is saved
        Cookie cookie = save(cookies, request);

        // Then the cookie is Secure and bound to this host
        assertThat(cookie.getName()).isEqualTo("__Host-resetflow-csrf");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getDomain()).isNull();
        assertThat(cookie.getSecure()).isTrue();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
    }

    @Test
    void shouldUseTheSecureCookieBehindATrustedProxyThatEndsTls() {
        // Given a public HTTPS URL and a plain HTTP request from the trusted proxy in front
        CsrfTokenCookies cookies = cookies("https://reset.example.org");
        MockHttpServletRequest request = request(PROXY, false);

        // When a token is saved, and the browser sends it back
        Cookie cookie = save(cookies, request);
        MockHttpServletRequest next = request(PROXY, false);
        next.setCookies(new Cookie("__Host-resetflow-csrf", "the-token"), new Cookie("resetflow-csrf", "planted"));

        // Then the cookie is the secure one, and only it is read
        assertThat(cookie.getName()).isEqualTo("__Host-resetflow-csrf");
        assertThat(cookie.getSecure()).isTrue();
        CsrfToken loaded = cookies.loadToken(next);
        assertThat(loaded.getToken()).isEqualTo("the-token");
        assertThat(loaded.getParameterName()).isEqualTo("_csrf");
    }

    private static Cookie save(CsrfTokenCookies cookies, MockHttpServletRequest request) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        cookies.saveToken(cookies.generateToken(request), request, response);
        assertThat(response.getCookies()).hasSize(1);
        return response.getCookies()[0];
    }

    private static CsrfTokenCookies cookies(String publicBaseUrl) {
        ResetFlowProperties properties = new ResetFlowProperties(publicBaseUrl, List.of(Cidr.valueOf("10.0.0.0/8")));
        return new CsrfTokenCookies(new ClientNetworks(properties));
    }

    private static MockHttpServletRequest request(String peer, boolean secure) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setRemoteAddr(peer);
        request.setSecure(secure);
        return request;
    }
}

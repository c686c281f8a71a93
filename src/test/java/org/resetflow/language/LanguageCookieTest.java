package org.resetflow.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.resetflow.config.ResetFlowProperties;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The language cookie is Secure whenever the browser spoke HTTPS, also behind a trusted proxy that ends TLS and talks
 * plain HTTP to ResetFlow (then the public base URL says which scheme the browser used, as for the CSRF cookie).
 * Requests an HTTP test cannot make (HTTPS, a proxy's address), with the application's own wiring of the resolver.
 */
class LanguageCookieTest {

    private static final String PROXY = "10.0.0.5";
    private static final String BROWSER = "198.51.100.7";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ResetFlowProperties.class)
    // The application's ClientNetworks: the language switch must share its idea of "behind a proxy that ends TLS".
    @ComponentScan(basePackages = "org.resetflow.config", useDefaultFilters = false, includeFilters = @ComponentScan.Filter(
            type = FilterType.REGEX, pattern = "org\\.resetflow\\.config\\.ClientNetworks"))
    static class ClientNetworkBeans {
    }

    private final WebApplicationContextRunner context = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
            .withUserConfiguration(ClientNetworkBeans.class, LanguageConfiguration.class)
            .withPropertyValues("resetflow.trusted-proxies=10.0.0.0/8");

    @Test
    void shouldSetASecureCookieBehindATrustedProxyThatEndsTls() {
        // Given users who reach ResetFlow over HTTPS, and a plain HTTP request from the trusted proxy that ends TLS
        String cookie = languageCookie("https://reset.example.org", PROXY, false);

        // Then the cookie the language switch sets is Secure
        assertThat(cookie).startsWith("resetflow-lang=de").contains("; Secure").contains("HttpOnly")
                .contains("SameSite=Lax");
    }

    @Test
    void shouldSetASecureCookieOverHttpsStraightFromTheBrowser() {
        assertThat(languageCookie("http://localhost:8080", BROWSER, true)).contains("; Secure");
    }

    @Test
    void shouldSetAPlainCookieOverPlainHttp() {
        // Plain HTTP from a browser: a Secure cookie would be dropped, and the choice forgotten
        assertThat(languageCookie("https://reset.example.org", BROWSER, false)).startsWith("resetflow-lang=de")
                .doesNotContain("Secure");
        // A trusted proxy in front of a site served over plain HTTP
        assertThat(languageCookie("http://reset.example.org", PROXY, false)).doesNotContain("Secure");
    }

    private String languageCookie(String publicBaseUrl, String peer, boolean secure) {
        String[] cookie = new String[1];
        context.withPropertyValues("resetflow.public-base-url=" + publicBaseUrl).run(application -> {
            LocaleResolver resolver = application.getBean(DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME,
                    LocaleResolver.class);
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
            request.setRemoteAddr(peer);
            request.setSecure(secure);
            MockHttpServletResponse response = new MockHttpServletResponse();

            // When the visitor chooses German
            resolver.setLocale(request, response, Locale.GERMAN);

            cookie[0] = response.getHeader(HttpHeaders.SET_COOKIE);
        });
        assertThat(cookie[0]).isNotNull();
        return cookie[0];
    }
}

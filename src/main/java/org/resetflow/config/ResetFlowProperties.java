package org.resetflow.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Application-wide settings. Links in mails are built only from {@code publicBaseUrl}, never from a request's
 * Host header, so a forged header cannot redirect a reset link.
 *
 * @param publicBaseUrl  the address users reach ResetFlow at, the base of every link in a mail (e.g.
 *                       {@code https://reset.example.org}); with {@code https://} the cookies are Secure also behind a
 *                       trusted proxy that ends TLS. Required; the shipped {@code application.yaml} sets
 *                       {@code http://localhost:${server.port}} for the demo
 * @param trustedProxies the reverse proxies whose {@code X-Forwarded-For} or {@code Forwarded} header names the
 *                       client (see {@link ClientNetworks}), as CIDR blocks or single addresses, comma-separated
 *                       ({@code 10.0.0.0/8,2001:db8:1::/48}); empty: every such header is ignored. An entry that is
 *                       not an address or a block refuses to start
 */
@Validated
@ConfigurationProperties("resetflow")
public record ResetFlowProperties(
        @NotBlank @Pattern(regexp = "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?",
                message = "must be an absolute http(s) URL (host, optional port and path; no query, no placeholders)")
        String publicBaseUrl,
        @NotNull @DefaultValue List<Cidr> trustedProxies) {

    /** The base URL without a trailing slash, ready to have a path appended. */
    public String baseUrl() {
        return publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    /** Whether users reach ResetFlow over HTTPS, whatever the last hop to it was. */
    boolean publicOverHttps() {
        return publicBaseUrl.regionMatches(true, 0, "https://", 0, 8);
    }
}

package org.resetflow.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the directory's outage switch is on, every request to the demo SCIM API gets 503 with an RFC 7644 error,
 * before any dialect's controller sees it: to ResetFlow it looks like a directory that is down for maintenance.
 */
class DemoDirectoryOutageFilter extends OncePerRequestFilter {

    static final String DETAIL = "The demo directory is unavailable: its outage switch on /demo/directory is on";

    private final DemoOutages outages;

    DemoDirectoryOutageFilter(DemoOutages outages) {
        this.outages = outages;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!this.outages.directoryDown()) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "30");
        response.setContentType("application/scim+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                + "\"status\":\"503\",\"detail\":\"" + DETAIL + "\"}");
    }

}

package org.resetflow.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The access log, written through the application's logger instead of Tomcat's valve so that reset links can be
 * masked: a token in a path is a credential. Query strings are never logged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class AccessLogFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger("resetflow.access");
    private static final Pattern RESET_TOKEN = Pattern.compile("^/reset/[^/]+");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (log.isInfoEnabled()) {
                log.info("{} {} {} {} ms", request.getMethod(), mask(request.getRequestURI()), response.getStatus(),
                        (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    static String mask(String path) {
        // Control characters in a path must not forge log lines; a long path is cut.
        String masked = RESET_TOKEN.matcher(path).replaceFirst("/reset/***").replaceAll("\\p{Cntrl}", "?");
        return masked.length() > 200 ? masked.substring(0, 200) + "…" : masked;
    }
}

package org.resetflow.operations;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The management endpoints answer only on the management port ({@code management.server.port}), which an operator
 * keeps off the internet like a database port. On any other port, the public pages' one included, {@code /actuator}
 * and everything under it is 404, as if it did not exist: even when someone sets the management port to the public
 * one, health details and metrics are never served there.
 */
@Configuration(proxyBeanMethods = false)
class ManagementPortSecurity {

    static final String LOCAL_MANAGEMENT_PORT = "local.management.port";

    @Bean
    @Order(0)
    SecurityFilterChain managementChain(HttpSecurity http, Environment environment) throws Exception {
        RequestMatcher onManagementPort = request -> isManagementPort(request, environment);
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"))
                .authorizeHttpRequests(auth -> auth.requestMatchers(onManagementPort).permitAll()
                        .anyRequest().denyAll())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(
                        (request, response, e) -> response.sendError(HttpServletResponse.SC_NOT_FOUND)))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /** Set by Spring Boot once the management server listens on a port of its own; absent otherwise. */
    private static boolean isManagementPort(HttpServletRequest request, Environment environment) {
        String port = environment.getProperty(LOCAL_MANAGEMENT_PORT);
        String server = environment.getProperty("local.server.port");
        return port != null && !port.equals(server) && port.equals(String.valueOf(request.getLocalPort()));
    }
}

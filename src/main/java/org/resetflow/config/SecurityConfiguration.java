package org.resetflow.config;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.resetflow.demo.ConditionalOnDemoMode;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Two worlds with two guards. Camunda's webapps and REST API authenticate against the engine's own users (the
 * webapps with their login page and CSRF filter, the REST API with HTTP Basic through Camunda's filter), so Spring
 * Security leaves them to it (Camunda's webapps keep their own session). The public pages are anonymous by design
 * but get CSRF tokens and strict headers, and keep no server session at all: not for the CSRF token (a cookie, see
 * {@link CsrfTokenCookies}), not for a security context, not for a saved request.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    // Scripts only from our own origin: the strength meter (/js/), the bot defence's widget (/altcha/, a module and
    // its worker, which falls back to script-src) and the challenge it fetches (connect-src). No inline script or
    // style anywhere.
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'; "
            + "style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain camundaChain(HttpSecurity http) throws Exception {
        // Path patterns, not MVC matchers: these paths belong to Camunda's own servlets, not the DispatcherServlet.
        http.securityMatcher(new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/camunda/**"),
                        PathPatternRequestMatcher.withDefaults().matcher("/engine-rest/**")))
                // Camunda's Admin offers "create the initial admin" to anyone while no admin exists, as outside demo
                // mode unless camunda.bpm.admin-user is set: the first visitor would own the engine. Admins come from
                // that setting or from an existing admin. Everything else is Camunda's own login and authorizations.
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher("/camunda/api/admin/setup/**"))
                        .denyAll()
                        .anyRequest().permitAll())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(
                        (request, response, e) -> response.sendError(HttpServletResponse.SC_FORBIDDEN)))
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .securityContext(AbstractHttpConfigurer::disable)
                .sessionManagement(AbstractHttpConfigurer::disable);
        return http.build();
    }

    @Bean
    @Order(2)
    @ConditionalOnDemoMode
    SecurityFilterChain demoDirectoryChain(HttpSecurity http) throws Exception {
        // The demo directory is a machine API on loopback (only in demo mode): no browser session, no CSRF.
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/demo/scim/**"))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /**
     * Outside demo mode the demo paths do not exist, whatever the method: 404 before CSRF or access rules could
     * answer 403 and tell a visitor that something is there. The error page is rendered as for any unknown page.
     */
    @Bean
    @Order(2)
    @ConditionalOnDemoMode(false)
    SecurityFilterChain noDemoChain(HttpSecurity http) throws Exception {
        // Nobody ever signs in here, so every denied request is anonymous and goes to the entry point.
        AuthenticationEntryPoint notFound =
                (request, response, e) -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/demo/**"))
                .authorizeHttpRequests(auth -> auth.anyRequest().denyAll())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(notFound))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(AbstractHttpConfigurer::disable);
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain publicPagesChain(HttpSecurity http, ClientNetworks clientNetworks) throws Exception {
        // "/demo/**" only gets this far in demo mode; outside it the chain above answers 404 first.
        // Every page a visitor may see is listed; whatever else they ask for does not exist for them. Nobody signs in
        // here, so every denied request reaches the entry point: a mistyped address gets the "not found" page, not
        // Spring Security's 403 (which said "could not be understood" and hinted that something was there). A
        // refused CSRF token is a different refusal (the access-denied handler) and stays 403.
        AuthenticationEntryPoint notFound =
                (request, response, e) -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/", "/request", "/reset", "/reset/*", "/reset/*/unlock", "/css/**", "/js/**",
                                "/favicon.ico", "/error", "/demo/**", "/altcha/*", "/bot-defence/challenge")
                        .permitAll()
                        .anyRequest().denyAll())
                // No session here: one per anonymous visit costs memory, and its form would only be accepted by the
                // node that served it. The CSRF token lives in a cookie; STATELESS keeps the security context (and
                // any saved request) out of the session too.
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.csrfTokenRepository(new CsrfTokenCookies(clientNetworks)))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(notFound))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny()));
        return http.build();
    }

    /**
     * No Micrometer observation around each security filter, authentication and authorization: ResetFlow's alerts
     * use its own counters and {@code http.server.requests}, and these observations were a tenth of the request
     * page's CPU, on the page anyone can call in bulk.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** No Spring Security users at all: nobody signs in to the public pages, and Boot must not invent one. */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }

    /** HTTP Basic against the engine's users for the REST API; anonymous calls get 401. */
    @Bean
    FilterRegistrationBean<Filter> engineRestAuthentication() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("camunda-rest-auth");
        registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}

package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Camunda's Admin webapp offers "create the initial admin user" to anyone while no user is in {@code camunda-admin},
 * which is how ResetFlow starts outside demo mode unless {@code camunda.bpm.admin-user} is set. Whoever reached
 * {@code /camunda} first would own the engine: every reset, every variable, every deployment. Admins come from the
 * configuration or from an existing admin, never from that page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=https://directory.example.org/scim/v2",
        "spring.mail.host=127.0.0.1"})
class InitialAdminSetupTest {

    private static final String USER = """
            {"profile": {"id": "intruder", "firstName": "In", "lastName": "Truder", "email": "intruder@example.org"},
             "credentials": {"password": "Intruder-Passw0rd!"}}
            """;

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identityService;

    @Test
    void shouldNotLetAnAnonymousVisitorCreateTheFirstAdmin() throws Exception {
        // Given an engine with no admin yet, and a visitor holding the webapp's own CSRF cookie, as a browser would
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/camunda/app/admin/default/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Optional<String> xsrf = page.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("XSRF-TOKEN="))
                .map(cookie -> cookie.substring("XSRF-TOKEN=".length()).split(";", 2)[0]).findFirst();
        assertThat(xsrf).as("the webapp's CSRF cookie").isPresent();
        String cookies = String.join("; ", page.headers().allValues("Set-Cookie").stream()
                .map(cookie -> cookie.split(";", 2)[0]).toList());

        // When the visitor asks the setup API for an admin of their own
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/camunda/api/admin/setup/default/user/create"))
                .header("Content-Type", "application/json")
                .header("X-XSRF-TOKEN", xsrf.get())
                .header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.ofString(USER)).build(), HttpResponse.BodyHandlers.ofString());

        // Then it is refused, and no such user exists
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(identityService.createUserQuery().userId("intruder").count()).isZero();
    }
}

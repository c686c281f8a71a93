package org.resetflow.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A production configuration, a real directory and a real mail server: no demo part exists, and every demo path is
 * unknown, whatever the method, so nothing tells a visitor that a demo mode exists.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "resetflow.scim.base-url=https://directory.example.org/scim/v2",
        // Nothing listens there; these tests send no mail.
        "spring.mail.host=127.0.0.1",
        "spring.mail.port=9"})
class DemoModeOffTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    private int port;

    @Autowired
    private ApplicationContext context;

    @ParameterizedTest
    @CsvSource({ "GET, /demo/inbox", "POST, /demo/inbox", "GET, /demo/inbox/0/html", "GET, /demo/inbox/0/mail", "GET, /demo/directory",
            "POST, /demo/directory/outage",
            "POST, /demo/directory", "GET, /demo/scim/v2/Users", "POST, /demo/scim/v2/Users",
            "PATCH, /demo/scim/v2/Users/2819c223-7f76-453a-919d-413861904646",
            "GET, /demo/scim/v2/ServiceProviderConfig", "POST, /demo/scim/v2/Bulk", "GET, /demo" })
    void shouldAnswerNotFoundOnEveryDemoPath(String method, String path) throws Exception {
        // Given the production configuration

        // When a visitor tries a demo path, as a browser would
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
            .header("Accept", "text/html")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, HttpRequest.BodyPublishers.ofString("identifier=alice"))
            .timeout(Duration.ofSeconds(10))
            .build();
        HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());

        // Then the answer is the ordinary 404 page: not 401/403, not a login page, nothing from the demo
        assertThat(response.statusCode()).as(method + " " + path).isEqualTo(404);
        assertThat(response.body()).doesNotContain("alice").doesNotContainIgnoringCase("login");
    }

    @Test
    void shouldHaveNoDemoBeans() {
        // Given the production configuration

        // When the context has started / Then no demo part exists and mail goes to the configured server
        assertThat(this.context.getBeansOfType(DemoDirectory.class)).isEmpty();
        assertThat(this.context.getBeansOfType(DemoMailbox.class)).isEmpty();
        assertThat(this.context.getBeansOfType(DemoScimController.class)).isEmpty();
        assertThat(this.context.getBeansOfType(DemoInboxController.class)).isEmpty();
        assertThat(this.context.getBeansOfType(DemoDirectoryPageController.class)).isEmpty();
        assertThat(this.context.getBeansOfType(DemoUrlsLogger.class)).isEmpty();
        JavaMailSenderImpl mailSender = this.context.getBean(JavaMailSenderImpl.class);
        assertThat(mailSender.getHost()).isEqualTo("127.0.0.1");
        assertThat(mailSender.getPort()).isEqualTo(9);
    }

}

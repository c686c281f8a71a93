package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.resetflow.WebSession;
import org.resetflow.WebSession.Page;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The pages a visitor reaches by mistake, as an anonymous browser meets them: an address that does not exist is
 * "not found" (404) with a way back to the start, and a page asked for with the wrong method (a bookmarked or reloaded
 * form answer) gets its own short 405 with {@code Allow}. In both languages, and without a trace of the internals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ErrorPagesTest {

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
            "/no-such-page, en, Page not found, This page does not exist., Back to the start",
            "/reset/abc/def, en, Page not found, This page does not exist., Back to the start",
            "/admin/env, en, Page not found, This page does not exist., Back to the start",
            "/no-such-page, de, Seite nicht gefunden, Diese Seite gibt es nicht., Zurück zum Anfang"})
    void shouldAnswerAMistypedAddressWithNotFoundAndALinkToTheStart(String path, String language, String title,
                                                                   String text, String startLink) {
        // Given an anonymous visitor whose browser asks for the page's language
        WebSession visitor = new WebSession("http://localhost:" + port).withHeader("Accept-Language", language);

        // When they mistype an address
        Page page = visitor.get(path);

        // Then the answer is 404, saying so, with a link to the start page
        assertThat(page.status()).as("status").isEqualTo(404);
        assertThat(page.title()).isEqualTo(title);
        assertThat(page.document().select("main p").eachText()).contains(text);
        assertThat(page.document().select("main a[href=/]").eachText()).containsExactly(startLink);
        assertThat(page.document().select("html").attr("lang")).isEqualTo(language);
        assertInternalsHidden(page);
    }

    @ParameterizedTest(name = "{0} {1} in {2}")
    @CsvSource({
            "GET, /request, en, POST, Wrong kind of request",
            "GET, /reset, en, POST, Wrong kind of request",
            "POST, /, en, GET, Wrong kind of request",
            "GET, /request, de, POST, Falsche Art von Anfrage"})
    void shouldAnswerAWrongMethodWithItsOwnShortPage(String method, String path, String language, String allowed,
                                                     String title) {
        // Given an anonymous visitor who has seen the start page (so a form post carries its CSRF token)
        WebSession visitor = new WebSession("http://localhost:" + port).withHeader("Accept-Language", language);
        visitor.get("/");

        // When they reach a page with a method it does not take (a reload of a form's answer, a bookmark)
        Page page = "GET".equals(method) ? visitor.get(path) : visitor.post(path, Map.of());

        // Then the answer is 405 naming the allowed method, on a short page of its own with a link to the start
        assertThat(page.status()).as("status").isEqualTo(405);
        assertThat(page.header("Allow")).contains(allowed);
        assertThat(page.title()).isEqualTo(title);
        assertThat(page.document().select("main a[href=/]")).hasSize(1);
        assertInternalsHidden(page);
    }

    private static void assertInternalsHidden(Page page) {
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).as("no stack trace or internals")
                .doesNotContain("Exception").doesNotContain("at org.").doesNotContain("Whitelabel")
                .doesNotContain("Tomcat").doesNotContainIgnoringCase("trace");
    }
}

package org.resetflow.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.resetflow.WebSession;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The answer to a request is rendered once per language and then served as bytes: every request, whatever it named,
 * gets exactly the page of its own language, also when the languages alternate.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NeutralAnswerTest {

    @LocalServerPort
    int port;

    @Test
    void shouldAnswerEveryRequestWithTheSamePageOfItsOwnLanguage() {
        // Given an English and a German visitor on the request page
        WebSession english = new WebSession("http://localhost:" + port).withHeader("Accept-Language", "en");
        WebSession german = new WebSession("http://localhost:" + port).withHeader("Accept-Language", "de-CH, de;q=0.9");
        english.get("/");
        german.get("/");

        // When they ask in turns, for a known account and for nobody
        WebSession.Page englishKnown = english.post("/request", Map.of("identifier", "alice"));
        WebSession.Page germanKnown = german.post("/request", Map.of("identifier", "alice"));
        WebSession.Page englishUnknown = english.post("/request", Map.of("identifier", "nobody-here"));
        WebSession.Page germanUnknown = german.post("/request", Map.of("identifier", "nobody-here"));

        // Then each gets the page of its language, byte for byte the same whatever was asked for
        assertThat(englishKnown.status()).isEqualTo(200);
        assertThat(englishKnown.title()).isEqualTo("Check your mail");
        assertThat(englishKnown.document().selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(germanKnown.status()).isEqualTo(200);
        assertThat(germanKnown.title()).isEqualTo("Sehen Sie in Ihr Postfach");
        assertThat(germanKnown.document().selectFirst("html").attr("lang")).isEqualTo("de");
        assertThat(englishUnknown.body()).isEqualTo(englishKnown.body());
        assertThat(germanUnknown.body()).isEqualTo(germanKnown.body());
        assertThat(englishKnown.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
        assertThat(englishKnown.header("Content-Language")).isEqualTo(englishUnknown.header("Content-Language"));
        assertThat(germanKnown.body()).contains("href=\"/?lang=en\"");
    }
}

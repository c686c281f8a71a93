package org.resetflow.demo;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextSegmentTest {

    @Test
    void shouldSplitTextAroundLinks() {
        // Given a mail text with a link in the middle
        String text = "Hello,\nopen https://reset.example/r?token=a1&x=2 within 15 minutes.";

        // When splitting it
        List<TextSegment> segments = TextSegment.split(text);

        // Then the link is its own segment and nothing is lost
        assertThat(segments).containsExactly(new TextSegment("Hello,\nopen ", null),
                new TextSegment("https://reset.example/r?token=a1&x=2", "https://reset.example/r?token=a1&x=2"),
                new TextSegment(" within 15 minutes.", null));
    }

    @Test
    void shouldKeepTextWithoutLinksAsOneSegment() {
        // Given text without links, and empty text

        // When splitting / Then there is one text segment, or none
        assertThat(TextSegment.split("No links <b>here</b>"))
            .containsExactly(new TextSegment("No links <b>here</b>", null));
        assertThat(TextSegment.split("")).isEmpty();
        assertThat(TextSegment.split(null)).isEmpty();
    }

    @Test
    void shouldLeaveSentencePunctuationOutOfLinks() {
        // Given links followed by punctuation or wrapped in brackets

        // When splitting / Then the punctuation stays text, brackets that belong to the URL stay in it
        assertThat(links("See https://a.example/x.")).containsExactly("https://a.example/x");
        assertThat(links("(see https://a.example/x)")).containsExactly("https://a.example/x");
        assertThat(links("https://en.example/wiki/Foo_(bar), ok")).containsExactly("https://en.example/wiki/Foo_(bar)");
        assertThat(links("<https://a.example/y>")).containsExactly("https://a.example/y");
        assertThat(links("\"https://a.example/z\"")).containsExactly("https://a.example/z");
    }

    @Test
    void shouldLinkOnlyHttpAndHttps() {
        // Given schemes that must never become clickable
        String text = "javascript:alert(1) data:text/html,<script>x</script> ftp://a.example/ HTTP://A.EXAMPLE/";

        // When splitting / Then only the http URL (scheme in any case) is a link
        assertThat(links(text)).containsExactly("HTTP://A.EXAMPLE/");
    }

    @Test
    void shouldKeepBareSchemeAsText() {
        // Given a scheme with nothing after it

        // When splitting / Then it stays text
        assertThat(TextSegment.split("try http://.")).containsExactly(new TextSegment("try http://.", null));
    }

    private static List<String> links(String text) {
        return TextSegment.split(text).stream().filter(TextSegment::isLink).map(TextSegment::href).toList();
    }

}

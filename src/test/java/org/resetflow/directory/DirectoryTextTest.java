package org.resetflow.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The directory's text as the page gets it: passwords blanked in any form, then one line, then at most 300. */
class DirectoryTextTest {

    private static final String PASSWORD = "Tíde \"Pool\" <Ember>&Sun/7";

    @Test
    void shouldBlankAPasswordQuotedInMixedAndUnusualForms() {
        // Given a text quoting the password partly percent-encoded, as HTML and with upper-case JSON escapes
        String text = "a Tíde%20%22Pool%22 %3cEmber%3E%26Sun%2f7 b "
                + "Tíde &quot;Pool&#x22; &lt;Ember&#62;&amp;Sun/7 c "
                + "T\\u00EDde \\\"Pool\\\" \\u003cEmber>&Sun\\/7 d";

        // When it is made readable
        String readable = DirectoryText.readable(text, List.of(PASSWORD));

        // Then each quote is one blank
        assertThat(readable).isEqualTo("a … b … c … d");
    }

    @Test
    void shouldBlankTheLongerOfTwoPasswordsWhole() {
        // Given two passwords, one the start of the other
        List<String> passwords = List.of("Harbor-Light-9", "Harbor-Light-9-and-more");

        // When a text quotes the longer one
        String readable = DirectoryText.readable("reused: Harbor-Light-9-and-more.", passwords);

        // Then none of it is left
        assertThat(readable).isEqualTo("reused: ….");
    }

    @Test
    void shouldGiveAFixedReasonWhenTheDirectoryGaveNone() {
        // When the directory sent no text, or only blanks
        // Then the page still has a reason
        assertThat(DirectoryText.readable(null, List.of(PASSWORD))).isEqualTo(DirectoryText.NO_REASON);
        assertThat(DirectoryText.readable(" \n ", List.of(PASSWORD))).isEqualTo(DirectoryText.NO_REASON);
    }

    @Test
    void shouldCutALongTextWithoutSplittingACharacter() {
        // Given a long text whose 300th character is the first half of an emoji
        String text = "x".repeat(299) + "😀" + "tail";

        // When it is made readable
        String readable = DirectoryText.readable(text, List.of());

        // Then the emoji is dropped whole, and the cut is marked
        assertThat(readable).isEqualTo("x".repeat(299) + "…");
    }
}

package org.resetflow.language;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The switch links back to the page shown, and never off the site. */
class LanguageSwitchTest {

    private final LanguageSwitch languageSwitch = new LanguageSwitch();

    @Test
    void shouldLinkToTheSamePageForAGetAndToTheStartOtherwise() {
        assertThat(languageSwitch.languageSwitchPath(new MockHttpServletRequest("GET", "/demo/inbox")))
                .isEqualTo("/demo/inbox");
        assertThat(languageSwitch.languageSwitchPath(new MockHttpServletRequest("POST", "/request"))).isEqualTo("/");
    }

    @Test
    void shouldNeverLinkOffTheSite() {
        for (String path : new String[] {"//evil.example/x", "/\\evil.example", "/a?b", "/%2F%2Fevil", "/<x>"}) {
            assertThat(languageSwitch.languageSwitchPath(new MockHttpServletRequest("GET", path))).as(path)
                    .isEqualTo("/");
        }
    }
}

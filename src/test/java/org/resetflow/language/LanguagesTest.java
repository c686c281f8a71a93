package org.resetflow.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LanguagesTest {

    @Test
    void shouldPickTheBestSupportedLanguageOfAnAcceptLanguageHeader() {
        assertThat(Languages.forAcceptLanguage("de-AT")).isEqualTo(Locale.GERMAN);
        assertThat(Languages.forAcceptLanguage("fr-CH, fr;q=0.9, de;q=0.7, en;q=0.8")).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.forAcceptLanguage("fr, de;q=0")).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.forAcceptLanguage("*")).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.forAcceptLanguage("de;q=nonsense")).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.forAcceptLanguage(null)).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void shouldTakeTheAccountsPreferredLanguageBeforeItsLocale() {
        assertThat(Languages.ofAccount("de-CH, en;q=0.5", "en-US")).contains(Locale.GERMAN);
        assertThat(Languages.ofAccount("fr", "de_DE")).contains(Locale.GERMAN);
        assertThat(Languages.ofAccount(null, "en-US")).contains(Locale.ENGLISH);
        assertThat(Languages.ofAccount("not a language range!", null)).isEmpty();
        assertThat(Languages.ofAccount("fr", "it")).isEmpty();
    }

    @Test
    void shouldAcceptOnlyTimeZonesTheJvmKnows() {
        assertThat(Languages.timeZone("Europe/Berlin")).contains(ZoneId.of("Europe/Berlin"));
        assertThat(Languages.timeZone("Mars/Olympus_Mons")).isEmpty();
        assertThat(Languages.timeZone("")).isEmpty();
    }
}

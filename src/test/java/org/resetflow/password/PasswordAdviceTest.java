package org.resetflow.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;
import org.resetflow.breach.BreachedPasswords;
import org.resetflow.directory.Directory;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The strength estimator's advice is kept without a language and shown in the page's: the check keeps zxcvbn's keys
 * (that is also what a Cockpit user sees in {@code rejectionDetail}), and every key zxcvbn4j can give has a text in
 * every language ResetFlow speaks.
 */
class PasswordAdviceTest {

    private final PasswordPolicy policy = new PasswordPolicy(
            new PasswordProperties(8, 128, 3, 4, Duration.ofSeconds(2), Duration.ofSeconds(10)),
            mock(Directory.class), mock(BreachedPasswords.class));

    private final ResourceBundleMessageSource messages = messages();

    @Test
    void shouldKeepTheAdviceOnAVeryCommonPasswordAsKeysWithATextInEachLanguage() {
        // When alice's "password1" is checked
        PasswordCheck check = policy.check("password1", "password1", "alice", "alice@example.org");

        // Then it is too weak, and the advice is kept as keys, no sentence in any language
        assertThat(check.reason()).isEqualTo(PasswordCheck.TOO_WEAK);
        assertThat(check.detail().split(" ")).containsExactly(
                "dictionary.warning.passwords.veryCommon", "extra.suggestions.addAnotherWord");

        // ... which the page shows in German, and in English
        PasswordAdvice advice = new PasswordAdvice(messages);
        assertThat(advice.texts(check.detail(), Locale.GERMAN)).containsExactly(
                "Das ist ein sehr häufiges Passwort.",
                "Fügen Sie ein oder zwei weitere Wörter hinzu; ungewöhnliche Wörter sind besser.");
        assertThat(advice.texts(check.detail(), Locale.ENGLISH)).containsExactly(
                "This is a very common password.", "Add another word or two. Uncommon words are better.");
    }

    @Test
    void shouldHaveATextForEveryKeyZxcvbnCanGiveInEveryLanguage() {
        // Given every key of zxcvbn4j's own (English) feedback bundle
        ResourceBundle zxcvbn = ResourceBundle.getBundle("com/nulabinc/zxcvbn/messages", Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT));
        List<String> keys = new ArrayList<>();
        zxcvbn.keySet().forEach(key -> keys.add(key.substring("feedback.".length())));
        assertThat(keys).hasSizeGreaterThan(20);

        // Then the page knows each, and has a text for it in English and in German, and the German is no copy
        assertThat(PasswordAdvice.KEYS).containsExactlyInAnyOrderElementsOf(keys);
        for (String key : keys) {
            String english = messages.getMessage(PasswordAdvice.MESSAGE_PREFIX + key, null, null, Locale.ENGLISH);
            String german = messages.getMessage(PasswordAdvice.MESSAGE_PREFIX + key, null, null, Locale.GERMAN);
            assertThat(english).as(key).isNotBlank();
            assertThat(german).as(key).isNotBlank().isNotEqualTo(english);
        }
    }

    @Test
    void shouldLeaveOutAKeyItHasNoTextFor() {
        // Given advice with a key a newer zxcvbn4j might give, between two known ones
        PasswordAdvice advice = new PasswordAdvice(messages);

        // Then the known ones are shown, the unknown one neither as a key nor in English
        assertThat(advice.texts("date.warning.dates some.future.key date.suggestions.avoidDates", Locale.GERMAN))
                .containsExactly("Datumsangaben sind oft leicht zu erraten.",
                        "Vermeiden Sie Daten und Jahreszahlen, die mit Ihnen zu tun haben.");
        assertThat(advice.texts(null, Locale.GERMAN)).isEmpty();
    }

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding(StandardCharsets.UTF_8.name());
        source.setFallbackToSystemLocale(false);
        return source;
    }
}

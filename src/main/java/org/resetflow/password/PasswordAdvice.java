package org.resetflow.password;

import com.nulabinc.zxcvbn.Feedback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The strength estimator's advice (zxcvbn's warning and suggestions) in the page's language. The check keeps only
 * zxcvbn's stable keys ({@code dictionary.warning.passwords.veryCommon}), which are what the process variable holds;
 * the page turns them into its language's text from messages*.properties ({@code password.advice.<key>}) when it
 * shows them. So every language ResetFlow speaks gets the advice from the same file as its other texts, and the
 * strength meter in the browser, which runs zxcvbn.js with English feedback, gets the same texts by key.
 */
@Component("passwordAdvice")
class PasswordAdvice {

    static final String MESSAGE_PREFIX = "password.advice.";

    /** zxcvbn4j names its texts {@code feedback.<key>}; the prefix says nothing, so it is not kept. */
    private static final String ZXCVBN_PREFIX = "feedback.";

    /** Every key zxcvbn4j 1.9.0 gives feedback with (its messages.properties), in its order. */
    static final List<String> KEYS = List.of(
            "extra.suggestions.addAnotherWord",
            "default.suggestions.useFewWords",
            "default.suggestions.noNeedSymbols",
            "dictionary.warning.passwords.top10",
            "dictionary.warning.passwords.top100",
            "dictionary.warning.passwords.veryCommon",
            "dictionary.warning.passwords.similar",
            "dictionary.warning.englishWikipedia.itself",
            "dictionary.warning.etc.namesThemselves",
            "dictionary.warning.etc.namesCommon",
            "dictionary.suggestions.capitalization",
            "dictionary.suggestions.allUppercase",
            "dictionary.suggestions.reversed",
            "dictionary.suggestions.l33t",
            "spatial.warning.straightRowsOfKeys",
            "spatial.warning.shortKeyboardPatterns",
            "spatial.suggestions.UseLongerKeyboardPattern",
            "repeat.warning.likeAAA",
            "repeat.warning.likeABCABCABC",
            "repeat.suggestions.avoidRepeatedWords",
            "sequence.warning.likeABCor6543",
            "sequence.suggestions.avoidSequences",
            "regex.warning.recentYears",
            "regex.suggestions.avoidRecentYears",
            "date.warning.dates",
            "date.suggestions.avoidDates");

    /** Answers each of zxcvbn4j's message keys with the key itself, so its feedback can be read as keys. */
    private static final ResourceBundle KEYS_AS_TEXTS = new ResourceBundle() {
        @Override
        protected Object handleGetObject(String key) {
            return key;
        }

        @Override
        public Enumeration<String> getKeys() {
            return Collections.emptyEnumeration();
        }
    };

    private final MessageSource messages;

    PasswordAdvice(MessageSource messages) {
        this.messages = messages;
    }

    /** The warning, then the suggestions, as keys separated by spaces: no language, no password. */
    static String keysOf(Feedback feedback) {
        Feedback asKeys = feedback.withResourceBundle(KEYS_AS_TEXTS);
        List<String> keys = new ArrayList<>();
        keys.add(asKeys.getWarning(Locale.ROOT));
        keys.addAll(asKeys.getSuggestions(Locale.ROOT));
        return String.join(" ", keys.stream().filter(key -> key != null && !key.isBlank())
                .map(key -> key.startsWith(ZXCVBN_PREFIX) ? key.substring(ZXCVBN_PREFIX.length()) : key)
                .distinct().toList());
    }

    /**
     * The texts of {@code keys} (as {@link #keysOf} wrote them) in {@code locale}. A key without a text (a newer
     * zxcvbn4j's) is left out rather than shown as a key or in another language: the reason itself is always shown.
     */
    List<String> texts(String keys, Locale locale) {
        if (keys == null || keys.isBlank()) {
            return List.of();
        }
        Set<String> texts = new LinkedHashSet<>();
        for (String key : Arrays.asList(keys.trim().split("\\s+"))) {
            String text = messages.getMessage(MESSAGE_PREFIX + key, null, null, locale);
            if (text != null && !text.isBlank()) {
                texts.add(text);
            }
        }
        return List.copyOf(texts);
    }

    /** Every key with a text: the page hands them to the strength meter, which shows zxcvbn.js's advice by key. */
    public List<String> keys() {
        return KEYS;
    }
}

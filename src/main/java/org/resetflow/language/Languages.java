package org.resetflow.language;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The languages ResetFlow speaks, the first being the one for anyone whose language it does not speak. */
public final class Languages {

    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN);
    public static final Locale FALLBACK = SUPPORTED.get(0);

    private Languages() {
    }

    /**
     * The supported language a tag names, by its primary language ({@code de-AT}, {@code de_CH} and {@code DE} are
     * German), or empty for blank, malformed and unsupported tags.
     */
    public static Optional<Locale> supported(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return Optional.empty();
        }
        String language = Locale.forLanguageTag(tag.trim().replace('_', '-')).getLanguage();
        return SUPPORTED.stream().filter(locale -> locale.getLanguage().equals(language)).findFirst();
    }

    /**
     * The best supported language for an {@code Accept-Language} header, honouring its weights; the fallback when
     * the header is missing, malformed or names none of them.
     */
    public static Locale forAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 512) {
            return FALLBACK;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                if (range.getWeight() == 0) {
                    continue;
                }
                if (range.getRange().equals("*")) {
                    return FALLBACK;
                }
                Optional<Locale> found = supported(range.getRange());
                if (found.isPresent()) {
                    return found.get();
                }
            }
        } catch (IllegalArgumentException e) {
            // A malformed header is a visitor's problem, not an error page.
        }
        return FALLBACK;
    }

    /**
     * The account's language for its mails: SCIM's {@code preferredLanguage} (an Accept-Language value, weights
     * honoured) when it names a supported language, else its {@code locale}; empty when neither does.
     */
    public static Optional<Locale> ofAccount(String preferredLanguage, String locale) {
        if (preferredLanguage != null && !preferredLanguage.isBlank() && preferredLanguage.length() <= 512) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(preferredLanguage)) {
                    Optional<Locale> found = range.getWeight() > 0 ? supported(range.getRange()) : Optional.empty();
                    if (found.isPresent()) {
                        return found;
                    }
                }
            } catch (IllegalArgumentException e) {
                // Not an Accept-Language value: try the locale.
            }
        }
        return supported(locale);
    }

    /** An IANA time zone id the JVM knows ({@code Europe/Berlin}), or empty. */
    public static Optional<ZoneId> timeZone(String id) {
        if (id == null || id.isBlank() || id.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(id.trim()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The first of the given tags (most preferred first) that names a supported language. */
    public static Optional<Locale> firstSupported(String... tags) {
        for (String tag : tags) {
            Optional<Locale> found = supported(tag);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}

package org.resetflow.directory;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A directory's own words about a refused password write, made fit for the password page and a process variable.
 * The passwords the request carried are blanked first, over the whole text and in every form a server might quote
 * them in; only then are control characters dropped and the length bounded. The other order keeps the start of a
 * password that the cut happens to split.
 */
public final class DirectoryText {

    static final int MAX_LENGTH = 300;
    static final String BLANK = "…";
    static final String NO_REASON = "The directory did not accept this password.";

    private DirectoryText() {
    }

    /** A short single-line reason without any of {@code passwords}; {@link #NO_REASON} when the directory gave none. */
    public static String readable(String text, Collection<String> passwords) {
        if (text == null || text.isBlank()) {
            return NO_REASON;
        }
        String clean = withoutPasswords(text, passwords).replaceAll("\\p{Cntrl}", " ").strip();
        if (clean.length() <= MAX_LENGTH) {
            return clean;
        }
        int end = Character.isHighSurrogate(clean.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return clean.substring(0, end) + BLANK;
    }

    static String withoutPasswords(String text, Collection<String> passwords) {
        Set<String> secrets = passwords.stream().filter(Objects::nonNull).filter(p -> !p.isEmpty())
                // The longest first, so a password that holds another one is blanked whole.
                .sorted(Comparator.comparingInt(String::length).reversed())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String anyOfThem = secrets.stream().map(DirectoryText::anyEncodingOf).collect(Collectors.joining("|"));
        // Letter case is ignored too: the hex of an escape may come in either case, and a password that differs
        // from the one sent only in case is still too close to show.
        return Pattern.compile(anyOfThem, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                .matcher(text).replaceAll(Matcher.quoteReplacement(BLANK));
    }

    /**
     * One pattern per character, so a quote that mixes forms (a URI encoder that leaves letters as they are and
     * escapes the rest, JSON that escapes only some characters) is still found.
     */
    private static String anyEncodingOf(String password) {
        return password.codePoints().mapToObj(DirectoryText::anyEncodingOf)
                .collect(Collectors.joining("", "(?:", ")"));
    }

    private static String anyEncodingOf(int codePoint) {
        String character = new String(Character.toChars(codePoint));
        Set<String> literals = new LinkedHashSet<>();
        literals.add(character);
        literals.add(character.chars().mapToObj(unit -> String.format(Locale.ROOT, "\\u%04x", unit))
                .collect(Collectors.joining()));
        switch (codePoint) {
            case '"' -> literals.addAll(Set.of("\\\"", "&quot;"));
            case '\\' -> literals.add("\\\\");
            case '/' -> literals.add("\\/");
            case '&' -> literals.add("&amp;");
            case '<' -> literals.add("&lt;");
            case '>' -> literals.add("&gt;");
            case '\'' -> literals.add("&apos;");
            case ' ' -> literals.add("+");
            case '\b' -> literals.add("\\b");
            case '\f' -> literals.add("\\f");
            case '\n' -> literals.add("\\n");
            case '\r' -> literals.add("\\r");
            case '\t' -> literals.add("\\t");
            default -> { }
        }
        StringBuilder percent = new StringBuilder();
        for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
            percent.append(String.format(Locale.ROOT, "%%%02x", b & 0xff));
        }
        literals.add(percent.toString());
        String alternatives = literals.stream().map(Pattern::quote).collect(Collectors.joining("|"));
        // HTML character references, decimal or hex, with any leading zeros.
        return "(?:" + alternatives + "|&#0*" + codePoint + ";|&#x0*" + Integer.toHexString(codePoint) + ";)";
    }
}

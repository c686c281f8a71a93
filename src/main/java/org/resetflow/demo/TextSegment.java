package org.resetflow.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A piece of plain mail text, either ordinary text or an http(s) link.
 *
 * <p>Splitting mail text into segments lets the template render links as {@code <a>} elements while Thymeleaf
 * still escapes every character of the mail; building HTML strings here and printing them unescaped would hand
 * control of the page to whoever can send mail.
 *
 * @param text what to show
 * @param href the link target, {@code null} for ordinary text
 */
record TextSegment(String text, String href) {

    /** Only http and https: {@code javascript:} or {@code data:} targets must never become clickable. */
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'`]+", Pattern.CASE_INSENSITIVE);

    private static final String TRAILING_PUNCTUATION = ".,;:!?'\"";

    /** Public because the template reads it through SpEL, which only sees public methods. */
    public boolean isLink() {
        return this.href != null;
    }

    static List<TextSegment> split(String text) {
        List<TextSegment> segments = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return segments;
        }
        Matcher matcher = URL.matcher(text);
        int position = 0;
        while (matcher.find()) {
            String url = trimTrailing(matcher.group());
            int end = matcher.start() + url.length();
            if (url.indexOf("://") + "://".length() >= url.length()) {
                // Nothing but a scheme is left, e.g. "http://." at the end of a sentence: keep it as text.
                continue;
            }
            if (matcher.start() > position) {
                segments.add(new TextSegment(text.substring(position, matcher.start()), null));
            }
            segments.add(new TextSegment(url, url));
            position = end;
        }
        if (position < text.length()) {
            segments.add(new TextSegment(text.substring(position), null));
        }
        return segments;
    }

    /**
     * Drops sentence punctuation and unbalanced closing brackets that prose puts right after a URL ("see
     * https://x.example/a." or "(https://x.example/a)") while keeping brackets that belong to the URL.
     */
    private static String trimTrailing(String url) {
        String result = url;
        while (!result.isEmpty()) {
            char last = result.charAt(result.length() - 1);
            boolean strip = TRAILING_PUNCTUATION.indexOf(last) >= 0
                    || (last == ')' && unbalanced(result, '(', ')'))
                    || (last == ']' && unbalanced(result, '[', ']'))
                    || (last == '}' && unbalanced(result, '{', '}'));
            if (!strip) {
                break;
            }
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    private static boolean unbalanced(String text, char open, char close) {
        long opened = text.chars().filter((c) -> c == open).count();
        long closed = text.chars().filter((c) -> c == close).count();
        return closed > opened;
    }

}

package org.resetflow.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Splits the two forwarding headers into their hops, left (first proxy's view of the client) to right (last proxy's
 * view of its own client). Only the syntax is read here; which hop to believe is {@link ClientNetworks}' business.
 */
final class ForwardedHeaders {

    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private ForwardedHeaders() {
    }

    /** {@code X-Forwarded-For}: comma-separated nodes. Blank entries stay, so that using one fails like any bad hop. */
    static List<String> xForwardedFor(String value) {
        return Arrays.stream(value.split(",", -1)).map(String::trim).toList();
    }

    /**
     * RFC 7239 {@code Forwarded}: the {@code for} node of every element ({@code ""} for an element without one), or
     * nothing if the header does not parse. A quoted string opened by the client can swallow what a proxy appended, so
     * a header that is broken anywhere is not read at all.
     */
    static Optional<List<String>> forwardedFor(String value) {
        List<String> nodes = new ArrayList<>();
        String forNode = null;
        boolean element = false;
        int i = 0;
        int n = value.length();
        while (true) {
            i = skipWhitespace(value, i);
            if (i == n || value.charAt(i) == ',') {
                if (element) {
                    nodes.add(forNode == null ? "" : forNode);
                }
                if (i == n) {
                    return Optional.of(nodes);
                }
                forNode = null;
                element = false;
                i++;
                continue;
            }
            if (value.charAt(i) == ';') {
                i++;
                continue;
            }
            int nameStart = i;
            i = skipToken(value, i);
            if (i == nameStart || i == n || value.charAt(i) != '=') {
                return Optional.empty();
            }
            String name = value.substring(nameStart, i++);
            StringBuilder parameter = new StringBuilder();
            if (i < n && value.charAt(i) == '"') {
                i = quotedString(value, i + 1, parameter);
                if (i < 0) {
                    return Optional.empty();
                }
            } else {
                int valueStart = i;
                i = skipToken(value, i);
                if (i == valueStart) {
                    return Optional.empty();
                }
                parameter.append(value, valueStart, i);
            }
            if (name.equalsIgnoreCase("for")) {
                if (forNode != null) {
                    return Optional.empty();
                }
                forNode = parameter.toString();
            }
            element = true;
            i = skipWhitespace(value, i);
            if (i < n && value.charAt(i) != ';' && value.charAt(i) != ',') {
                return Optional.empty();
            }
        }
    }

    /** Reads a quoted string's content after its opening quote; the index after the closing quote, or -1. */
    private static int quotedString(String value, int start, StringBuilder content) {
        int i = start;
        while (i < value.length()) {
            char c = value.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
                if (i == value.length()) {
                    return -1;
                }
                c = value.charAt(i++);
            }
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return -1;
            }
            content.append(c);
        }
        return -1;
    }

    private static int skipToken(String value, int start) {
        int i = start;
        while (i < value.length() && isTokenChar(value.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipWhitespace(String value, int start) {
        int i = start;
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || TOKEN_SYMBOLS.indexOf(c) >= 0;
    }
}

package org.resetflow.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sub-command's arguments: positional ones (jars, URLs, counts) in order, and {@code --name=value} options, which
 * may repeat. An option written right after a positional argument also belongs to that argument
 * ({@link #of(int)}), so that "before.jar after.jar --jvm=-Xss512k" gives options to the second jar only.
 */
final class Options {

    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<Map<String, List<String>>> perPositional = new ArrayList<>();

    Options(List<String> args) {
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                positional.add(arg);
                perPositional.add(new LinkedHashMap<>());
                continue;
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            String value = eq < 0 ? "true" : arg.substring(eq + 1);
            options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            if (!perPositional.isEmpty()) {
                perPositional.get(perPositional.size() - 1).computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
    }

    List<String> positional() {
        return positional;
    }

    String positional(int index, String fallback) {
        return index < positional.size() ? positional.get(index) : fallback;
    }

    /** The options written right after positional argument {@code index}. */
    Map<String, List<String>> of(int index) {
        return perPositional.get(index);
    }

    String text(String name, String fallback) {
        List<String> values = options.get(name);
        return values == null ? fallback : values.get(values.size() - 1);
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(text(name, String.valueOf(fallback)));
    }

    boolean flag(String name, boolean fallback) {
        return Boolean.parseBoolean(text(name, String.valueOf(fallback)));
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }
}

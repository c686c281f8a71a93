package org.resetflow.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code docs/configuration.md} from the metadata Spring Boot's configuration processor generates from the
 * {@code @ConfigurationProperties} classes and their Javadoc (merged with
 * {@code src/main/resources/META-INF/additional-spring-configuration-metadata.json}, if there is one). The reference is
 * a rendering of the metadata and nothing else, so {@link ConfigurationReferenceTest} can hold the two together.
 *
 * <p>Run after {@code ./mvnw compile}: {@code ./mvnw -B -o -q test -Dtest=ConfigurationReferenceTest
 * -DregenerateConfigurationReference=true}.
 */
final class ConfigurationReference {

    static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
    static final Path DOCUMENT = Path.of("docs/configuration.md");
    static final String REGENERATE = "regenerateConfigurationReference";
    static final String COMMAND = "./mvnw -B -o -q test -Dtest=ConfigurationReferenceTest -D" + REGENERATE + "=true";

    /** A table row: the property's name and default as the reference shows them. */
    private static final Pattern ROW = Pattern.compile("^\\| `(resetflow\\.[^`]+)` \\| (.*?) \\| .*\\|$");

    private ConfigurationReference() {
    }

    /**
     * One property of the metadata: name, default (null: none), description, and what replaces it if it is retired
     * (null: it is not).
     */
    record Property(String name, String type, String defaultValue, String description, String retired) {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(DOCUMENT, render(properties(), groups()), StandardCharsets.UTF_8);
    }

    /** The resetflow.* properties of the metadata, by name. */
    static Map<String, Property> properties() {
        Map<String, Property> properties = new TreeMap<>();
        for (JsonNode node : metadata().path("properties")) {
            String name = node.path("name").asText();
            if (name.startsWith("resetflow.")) {
                properties.put(name, new Property(name, node.path("type").asText(null),
                        defaultValue(node.get("defaultValue")), node.path("description").asText(null),
                        retired(node.get("deprecation"))));
            }
        }
        return properties;
    }

    /** The prefixes of the {@code @ConfigurationProperties} classes (not of their nested records): one section each. */
    static List<String> groups() {
        List<String> groups = new ArrayList<>();
        for (JsonNode node : metadata().path("groups")) {
            String name = node.path("name").asText();
            if (name.startsWith("resetflow") && !node.has("sourceMethod")) {
                groups.add(name);
            }
        }
        return groups;
    }

    /** What docs/configuration.md says: each property's default as written in its row ("" for none). */
    static Map<String, String> documentedDefaults(String document) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : document.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                rows.put(row.group(1), row.group(2));
            }
        }
        return rows;
    }

    /** The default as a table cell shows it: in backticks, an empty text as {@code ""}; nothing when there is none. */
    static String cell(String defaultValue) {
        if (defaultValue == null) {
            return "";
        }
        return "`" + (defaultValue.isEmpty() ? "\"\"" : defaultValue) + "`";
    }

    static String render(Map<String, Property> properties, List<String> groups) {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n");
        out.append("<!-- Generated from the code; do not edit. After changing a @ConfigurationProperties class or its "
                + "Javadoc, regenerate with:\n     ").append(COMMAND).append("\n     (ConfigurationReferenceTest "
                + "fails while this file and the metadata disagree.) -->\n\n");
        out.append("Every `resetflow.*` setting, generated from the `@ConfigurationProperties` classes and their "
                + "Javadoc by Spring Boot's configuration processor (`target/classes/META-INF/"
                + "spring-configuration-metadata.json`, the same metadata your IDE completes `application.yaml` "
                + "from). Set any of them in `application.yaml`, as `--name=value` or in the environment "
                + "(dots and dashes become underscores, in upper case: `resetflow.rate-limit.key-secret` is "
                + "`RESETFLOW_RATE_LIMIT_KEY_SECRET`). Durations take `500ms`, `10s`, `5m`, `1h`, `30d` or ISO-8601 "
                + "(`PT5M`). A value the class's validation refuses stops the start with a message naming the setting.\n\n"
                + "Spring Boot's and Camunda's own settings that ResetFlow sets or depends on (`spring.mail.*`, "
                + "`spring.datasource.*`, `server.*`, `management.*`, `camunda.bpm.*`) are described in the operations "
                + "guide, `docs/operations.md`.\n\n");
        out.append("Regenerate after changing a properties class: `").append(COMMAND).append("`\n");
        // The longest prefix first, so that a property lands in its own class's section, not in "resetflow".
        List<String> byLength = new ArrayList<>(groups);
        byLength.sort(Comparator.comparingInt(String::length).reversed());
        Map<String, List<Property>> bySection = new TreeMap<>();
        for (Property property : properties.values()) {
            String section = byLength.stream().filter(prefix -> property.name().startsWith(prefix + "."))
                    .findFirst().orElse("resetflow");
            bySection.computeIfAbsent(section, s -> new ArrayList<>()).add(property);
        }
        for (Map.Entry<String, List<Property>> section : bySection.entrySet()) {
            out.append("\n## `").append(section.getKey()).append("`\n\n");
            out.append("| Property | Default | Description |\n|---|---|---|\n");
            for (Property property : section.getValue()) {
                out.append("| `").append(property.name()).append("` | ").append(cell(property.defaultValue()))
                        .append(" | ").append(property.retired() == null ? "" : "**Retired**, use `" + property.retired()
                                + "`. ")
                        .append(text(property.description() == null ? "" : property.description()))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    /** Javadoc's inline tags as Markdown, on one line, safe inside a table cell. */
    static String text(String javadoc) {
        return code(javadoc)
                .replaceAll("\\{@link(?:plain)? (?:[\\w.]+\\.)?#?([\\w()]+)[^}]*}", "`$1`")
                .replaceAll("</?(?:p|ul|ol|li|em|strong|b|i)>", " ")
                .replaceAll("\\s+", " ")
                .replace("|", "\\|")
                .trim();
    }

    /** {@code {@code x}} as {@code `x`}; x may hold braces of its own, as Javadoc allows when they pair up. */
    private static String code(String javadoc) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int tag = javadoc.indexOf("{@code ", from); tag >= 0; tag = javadoc.indexOf("{@code ", from)) {
            int depth = 1;
            int end = tag + "{@code ".length();
            while (end < javadoc.length() && depth > 0) {
                char c = javadoc.charAt(end++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            out.append(javadoc, from, tag).append('`')
                    .append(javadoc, tag + "{@code ".length(), depth == 0 ? end - 1 : end).append('`');
            from = end;
        }
        return out.append(javadoc.substring(from)).toString();
    }

    private static String retired(JsonNode deprecation) {
        return deprecation == null ? null : deprecation.path("replacement").asText("(nothing)");
    }

    private static String defaultValue(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        return value.asText();
    }

    private static JsonNode metadata() {
        try {
            return new ObjectMapper().readTree(METADATA.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("No configuration metadata at " + METADATA + ": compile first", e);
        }
    }
}

package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.resetflow.config.ConfigurationReference.Property;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

/**
 * Every {@code resetflow.*} setting is declared in a {@code @ConfigurationProperties} class (so it is bound, validated
 * and in the metadata), has a description, and is in {@code docs/configuration.md} with the default the code has.
 * Regenerate the document with {@link ConfigurationReference#COMMAND}.
 */
class ConfigurationReferenceTest {

    private static final Path MAIN_JAVA = Path.of("src/main/java");
    private static final Path MAIN_RESOURCES = Path.of("src/main/resources");

    /** {@code ${resetflow.x.y}} or {@code ${resetflow.x.y:default}}, in code and in YAML. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(resetflow\\.[a-z0-9.-]+)(?::([^}]*))?}");

    /** A string literal that is exactly a dotted resetflow name: a property read by name, or one of the names below. */
    private static final Pattern NAME_LITERAL = Pattern.compile("\"(resetflow(?:\\.[a-z][a-z0-9-]*)+)\"");

    /**
     * Dotted names in the code that are not settings: meters (their Prometheus names end in _total and the like), a
     * logger, the mail domain of Message-IDs, and the demo-mode decision {@code DemoModeDefaults} writes for itself.
     */
    private static final Set<String> NOT_SETTINGS = Set.of(
            "resetflow.requests", "resetflow.requests.dropped", "resetflow.mails", "resetflow.resets.ended",
            "resetflow.passwords.rejected", "resetflow.inbox.depth", "resetflow.directory.calls",
            "resetflow.access", "resetflow.local", "resetflow.demo.decided-at-startup");

    private final Map<String, Property> metadata = ConfigurationReference.properties();

    @Test
    void shouldBindEverySettingTheCodeReadsByName() throws IOException {
        // Given every resetflow.* name the code reads: placeholders (@Scheduled, @ConditionalOnExpression) and
        // names handed to the Environment or a Binder
        Set<String> read = new TreeSet<>();
        for (Path source : files(MAIN_JAVA, ".java")) {
            String code = Files.readString(source);
            placeholders(code).keySet().forEach(read::add);
            Matcher literal = NAME_LITERAL.matcher(code);
            while (literal.find()) {
                // A @ConfigurationProperties prefix ("resetflow.mail") or a Binder's is a group, not a setting
                if (!NOT_SETTINGS.contains(literal.group(1)) && !isGroup(literal.group(1))) {
                    read.add(literal.group(1));
                }
            }
        }

        // Then each is declared in a @ConfigurationProperties class: bound, validated and in the metadata
        assertThat(read).contains("resetflow.request.starter-interval");
        assertThat(notInMetadata(read)).as("read by the code but bound by no @ConfigurationProperties class")
                .isEmpty();
    }

    @Test
    void shouldGiveEveryPlaceholderTheDefaultOfItsProperty() throws IOException {
        // Given every placeholder with a fallback, in the code and in application*.yaml
        Map<String, String> fallbacks = new TreeMap<>();
        for (Path source : Stream.concat(files(MAIN_JAVA, ".java").stream(), files(MAIN_RESOURCES, ".yaml").stream())
                .toList()) {
            placeholders(Files.readString(source)).forEach((name, fallback) -> {
                if (fallback != null) {
                    fallbacks.put(source.getFileName() + ": " + name, fallback);
                }
            });
        }

        // Then the fallback means what the property's own default means, so unset is unset everywhere
        List<String> differing = new ArrayList<>();
        fallbacks.forEach((where, fallback) -> {
            String name = where.substring(where.indexOf(": ") + 2);
            Property property = metadata.get(name);
            if (property == null || !sameValue(fallback, property.defaultValue())) {
                differing.add(where + " falls back to " + fallback + ", the property's default is "
                        + (property == null ? "(not a property)" : property.defaultValue()));
            }
        });
        assertThat(fallbacks).isNotEmpty();
        assertThat(differing).isEmpty();
    }

    @Test
    void shouldDeclareEverySettingOfTheYamlFiles() throws IOException {
        // Given every resetflow.* key set in application*.yaml
        Set<String> keys = new TreeSet<>();
        for (Path yaml : files(MAIN_RESOURCES, ".yaml")) {
            for (Object document : new Yaml().loadAll(Files.readString(yaml))) {
                if (document instanceof Map<?, ?> map && map.get("resetflow") != null) {
                    flatten("resetflow", map.get("resetflow"), keys);
                }
            }
        }

        // Then each is a declared property (a misspelt key would otherwise be ignored without a word)
        assertThat(keys).contains("resetflow.public-base-url");
        assertThat(notInMetadata(keys)).as("set in application*.yaml but declared nowhere").isEmpty();
    }

    @Test
    void shouldDescribeEverySetting() {
        List<String> undescribed = metadata.values().stream()
                .filter(property -> property.description() == null || property.description().isBlank())
                .map(Property::name).toList();

        assertThat(metadata).isNotEmpty();
        assertThat(undescribed).as("properties without Javadoc (a @param on the record, or on the field)").isEmpty();
    }

    @Test
    void shouldDocumentExactlyTheSettingsOfTheMetadataWithTheirDefaults() throws IOException {
        // Given the reference as committed
        String document = Files.exists(ConfigurationReference.DOCUMENT)
                ? Files.readString(ConfigurationReference.DOCUMENT) : "";
        String generated = ConfigurationReference.render(metadata, ConfigurationReference.groups());
        if (Boolean.getBoolean(ConfigurationReference.REGENERATE)) {
            Files.writeString(ConfigurationReference.DOCUMENT, generated, StandardCharsets.UTF_8);
            document = generated;
        }
        Map<String, String> documented = ConfigurationReference.documentedDefaults(document);

        // Then it lists every property and no other, each with the code's default, and says what the code says
        assertThat(notInMetadata(documented.keySet())).as("in " + ConfigurationReference.DOCUMENT
                + " but not in the metadata (removed or renamed?); regenerate: " + ConfigurationReference.COMMAND)
                .isEmpty();
        assertThat(new TreeSet<>(metadata.keySet())).as("in the metadata but not in " + ConfigurationReference.DOCUMENT
                + "; regenerate: " + ConfigurationReference.COMMAND).isSubsetOf(documented.keySet());
        List<String> defaults = new ArrayList<>();
        documented.forEach((name, cell) -> {
            String expected = ConfigurationReference.cell(metadata.get(name).defaultValue());
            if (!cell.equals(expected)) {
                defaults.add(name + ": documented " + cell + ", the code's default is " + expected);
            }
        });
        assertThat(defaults).as("defaults that differ; regenerate: " + ConfigurationReference.COMMAND).isEmpty();
        assertThat(document).as(ConfigurationReference.DOCUMENT + " is not what the metadata renders to "
                + "(a description changed?); regenerate: " + ConfigurationReference.COMMAND).isEqualTo(generated);
    }

    private boolean isGroup(String name) {
        return metadata.keySet().stream().anyMatch(property -> property.startsWith(name + "."));
    }

    private List<String> notInMetadata(Set<String> names) {
        return names.stream().filter(name -> !metadata.containsKey(name)).toList();
    }

    /** Placeholder names with their fallback (null: none). */
    private static Map<String, String> placeholders(String text) {
        Map<String, String> found = new TreeMap<>();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            found.put(placeholder.group(1), placeholder.group(2));
        }
        return found;
    }

    /** Two spellings of one value: "PT5M" and "5m" are the same duration. */
    private static boolean sameValue(String fallback, String defaultValue) {
        if (Objects.equals(fallback, defaultValue)) {
            return true;
        }
        if (defaultValue == null) {
            return false;
        }
        try {
            Duration a = DurationStyle.detectAndParse(fallback);
            Duration b = DurationStyle.detectAndParse(defaultValue);
            return a.equals(b);
        } catch (IllegalArgumentException notDurations) {
            return false;
        }
    }

    private static void flatten(String prefix, Object value, Set<String> keys) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix + "." + key, child, keys));
        } else {
            keys.add(prefix);
        }
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(suffix)).sorted().toList();
        }
    }
}

package org.resetflow.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bundles are the one source of every text: each language has every key, every key a page or mail template
 * names exists (a missing one would show as {@code ??key_de??}), and so does every key the code builds at run time:
 * each place that builds one (a template's {@code #{'prefix.' + ${name}}}, {@code #{__${name}__.part}} or
 * {@code #{${someKey}}}, a Java literal ending in a dot) is found in the sources, and each is completed with every
 * name the code can complete it with, read from the code itself. A place this test does not know fails it.
 */
class MessageBundlesTest {

    private static final Path RESOURCES = Path.of("src", "main", "resources");
    private static final Path JAVA = Path.of("src", "main", "java");
    private static final List<String> BUNDLES = List.of("messages.properties", "messages_de.properties");

    /** {@code #{key}} and {@code #{key(args)}}: a key written out whole. */
    private static final Pattern KEY = Pattern.compile("#\\{([a-zA-Z][\\w.-]*)[()}]");
    /** {@code #{'password.rejected.' + ${reason}}}: a prefix completed with a model value. */
    private static final Pattern TEMPLATE_PREFIX = Pattern.compile("#\\{'([\\w.-]+\\.)'\\s*\\+");
    /** {@code #{__${notice}__.title}}: a model value completed with a suffix. */
    private static final Pattern TEMPLATE_SUFFIX = Pattern.compile("#\\{__\\$\\{(\\w+)}__(\\.[\\w.-]+)}");
    /** {@code #{${subjectKey}}}: a whole key from the model. */
    private static final Pattern TEMPLATE_MODEL_KEY = Pattern.compile("#\\{\\$\\{(\\w+)}");
    /** A Java string literal that looks like a message key or a key's prefix. */
    private static final Pattern JAVA_LITERAL = Pattern.compile("\"([a-z][\\w-]*\\.[\\w.-]*)\"");
    /** {@code notice(model, response, status, "done")} in the password pages' controller. */
    private static final Pattern NOTICE = Pattern.compile("notice\\(model, response, [^,]+, \"([\\w-]+)\"\\)");

    @Test
    void shouldHaveEveryKeyInEveryLanguage() throws IOException {
        Set<String> english = load("messages.properties").stringPropertyNames();
        Set<String> german = load("messages_de.properties").stringPropertyNames();

        assertThat(new TreeSet<>(german)).isEqualTo(new TreeSet<>(english));
    }

    @Test
    void shouldHaveEveryKeyTheTemplatesNameWhole() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path file : templates()) {
            Matcher matcher = KEY.matcher(Files.readString(file));
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
        }

        assertThat(used).hasSizeGreaterThan(40);
        assertEveryBundleHas(used);
    }

    @Test
    void shouldHaveEveryKeyTheCodeBuildsAtRunTime() throws Exception {
        // Where each kind of built key is completed, and with what: the code's own lists and constants
        Map<String, Collection<String>> namesOfPrefix = Map.of(
                "password.rejected.", constantsOf("org.resetflow.password.PasswordCheck"),
                "password.advice.", listOf("org.resetflow.password.PasswordAdvice", "KEYS"),
                "botdefence.widget.", listOf("org.resetflow.botdefence.WidgetTexts", "KEYS"));
        Set<String> notices = notices();
        // The reset-link mail's model carries its wording's keys (subjectKey, introKey, ...)
        Set<String> wordingKeys = mailWordingKeys();

        // Every place in the sources that builds a key
        Set<String> prefixes = new TreeSet<>();
        Map<String, Set<String>> suffixesOfModel = new TreeMap<>();
        Set<String> modelKeys = new TreeSet<>();
        for (Path file : templates()) {
            String text = Files.readString(file);
            collect(TEMPLATE_PREFIX.matcher(text), prefixes);
            Matcher suffix = TEMPLATE_SUFFIX.matcher(text);
            while (suffix.find()) {
                suffixesOfModel.computeIfAbsent(suffix.group(1), name -> new TreeSet<>()).add(suffix.group(2));
            }
            collect(TEMPLATE_MODEL_KEY.matcher(text), modelKeys);
        }
        // (a literal counts when it starts as the bundle's keys do: "mail.", "password.", ...; zxcvbn's own keys,
        // which PasswordAdvice completes, do not)
        Set<String> firstParts = new TreeSet<>();
        load("messages.properties").stringPropertyNames().forEach(key -> firstParts.add(key.split("\\.")[0]));
        Set<String> javaKeys = new TreeSet<>();
        for (Path file : javaUsingMessages()) {
            Matcher literal = JAVA_LITERAL.matcher(Files.readString(file));
            while (literal.find()) {
                if (firstParts.contains(literal.group(1).split("\\.")[0])) {
                    (literal.group(1).endsWith(".") ? prefixes : javaKeys).add(literal.group(1));
                }
            }
        }
        // (the places found are the ones this test completes: a new one must be added above)
        assertThat(prefixes).as("prefixes of keys built at run time").isEqualTo(namesOfPrefix.keySet());
        assertThat(suffixesOfModel.keySet()).as("model values completed with a suffix").containsExactly("notice");
        assertThat(modelKeys).as("keys taken whole from the model")
                .allMatch(name -> name.endsWith("Key"), "are the mail wording's keys (…Key)");
        assertThat(modelKeys).hasSizeGreaterThan(4);

        Set<String> built = new TreeSet<>(javaKeys);
        namesOfPrefix.forEach((prefix, names) -> names.forEach(name -> built.add(prefix + name)));
        suffixesOfModel.get("notice").forEach(suffix -> notices.forEach(notice -> built.add(notice + suffix)));
        built.addAll(wordingKeys);

        assertThat(built).hasSizeGreaterThan(80);
        assertEveryBundleHas(built);
    }

    private static void assertEveryBundleHas(Set<String> keys) throws IOException {
        for (String bundle : BUNDLES) {
            Set<String> missing = new TreeSet<>(keys);
            missing.removeAll(load(bundle).stringPropertyNames());
            assertThat(missing).as("keys missing from " + bundle).isEmpty();
        }
    }

    private static void collect(Matcher matcher, Set<String> into) {
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }

    /** The names the password pages' notices are given ({@code invalidlink}, {@code done}, ...). */
    private static Set<String> notices() throws IOException {
        Set<String> notices = new TreeSet<>();
        collect(NOTICE.matcher(Files.readString(JAVA.resolve("org/resetflow/password/PasswordController.java"))),
                notices);
        assertThat(notices).as("notices in PasswordController").hasSizeGreaterThanOrEqualTo(4);
        return notices;
    }

    /** Every message key of every reset mail's wording, as ResetMailer hands them to the template. */
    private static Set<String> mailWordingKeys() throws Exception {
        Field wordings = Class.forName("org.resetflow.mail.ResetMailer").getDeclaredField("WORDINGS");
        wordings.setAccessible(true);
        Set<String> keys = new TreeSet<>();
        for (Object wording : ((Map<?, ?>) wordings.get(null)).values()) {
            for (RecordComponent component : wording.getClass().getRecordComponents()) {
                if (component.getName().endsWith("Key")) {
                    component.getAccessor().setAccessible(true);
                    keys.add((String) component.getAccessor().invoke(wording));
                }
            }
        }
        return keys;
    }

    /** The values of a class's {@code static final String} constants. */
    private static Set<String> constantsOf(String className) throws Exception {
        Set<String> values = new TreeSet<>();
        for (Field field : Class.forName(className).getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers())
                    && field.getType() == String.class) {
                field.setAccessible(true);
                values.add((String) field.get(null));
            }
        }
        return values;
    }

    private static List<String> listOf(String className, String fieldName) throws Exception {
        Field field = Class.forName(className).getDeclaredField(fieldName);
        field.setAccessible(true);
        return ((List<?>) field.get(null)).stream().map(String.class::cast).toList();
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.walk(RESOURCES.resolve("templates")),
                Files.walk(RESOURCES.resolve("mail")))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** The Java sources that look texts up, where a key or a key's prefix is a string literal. */
    private static List<Path> javaUsingMessages() throws IOException {
        try (Stream<Path> files = Files.walk(JAVA)) {
            return files.filter(file -> file.toString().endsWith(".java")).filter(file -> {
                try {
                    return Files.readString(file).contains("MessageSource");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(RESOURCES.resolve(name), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}

package org.resetflow.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bundles are the one source of every text: each language has every key, and every key a page or mail template
 * names exists (a missing one would show as {@code ??key_de??}).
 */
class MessageBundlesTest {

    private static final Path RESOURCES = Path.of("src", "main", "resources");
    /** {@code #{key}} and {@code #{key(args)}}; keys built at run time ({@code #{'password.rejected.' + ...}}) aside. */
    private static final Pattern KEY = Pattern.compile("#\\{([a-zA-Z][\\w.-]*)[()}]");

    @Test
    void shouldHaveEveryKeyInEveryLanguage() throws IOException {
        Set<String> english = load("messages.properties").stringPropertyNames();
        Set<String> german = load("messages_de.properties").stringPropertyNames();

        assertThat(new TreeSet<>(german)).isEqualTo(new TreeSet<>(english));
    }

    @Test
    void shouldHaveEveryKeyTheTemplatesUse() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Stream.concat(Files.walk(RESOURCES.resolve("templates")),
                Files.walk(RESOURCES.resolve("mail")))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher matcher = KEY.matcher(Files.readString(file));
                while (matcher.find()) {
                    used.add(matcher.group(1));
                }
            }
        }
        // Keys the pages build from a name (notice pages, rejection reasons) are checked with their names.
        for (String notice : new String[] {"invalidlink", "toomanyattempts", "done", "toomanyrequests"}) {
            for (String part : new String[] {"title", "text", "action"}) {
                used.add(notice + "." + part);
            }
        }
        for (String reason : new String[] {"missing", "mismatch", "invalid-characters", "too-short", "too-long",
                "contains-identity", "too-weak", "directory"}) {
            used.add("password.rejected." + reason);
        }

        assertThat(used).hasSizeGreaterThan(40);
        assertThat(load("messages.properties").stringPropertyNames()).containsAll(used);
        assertThat(load("messages_de.properties").stringPropertyNames()).containsAll(used);
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(RESOURCES.resolve(name), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}

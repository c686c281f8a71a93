package org.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guides link to each other and to their pictures; a file moved or a heading reworded breaks a link silently,
 * because nothing renders the Markdown during the build. This test reads every guide the way GitHub renders it:
 * every relative link must name an existing file, and every {@code #anchor} a heading of the file it points to.
 * Addresses with a scheme (https:, mailto:) are the reader's business and are not fetched.
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    /** {@code [text](target)} and {@code ![alt](target)}; the target ends at whitespace or the closing parenthesis. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

    @Test
    void shouldResolveEveryRelativeLinkAndAnchorInTheGuides() {
        // Given every guide: the front page, docs/ and the guides beside the files they describe
        List<Path> guides = guides();
        assertThat(guides).contains(ROOT.resolve("README.md"));

        // When every relative link is followed
        List<String> broken = new ArrayList<>();
        for (Path guide : guides) {
            for (String target : links(guide)) {
                String problem = problem(guide, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(guide) + ": " + target + " -> " + problem);
                }
            }
        }

        // Then each one arrives at a file, and at a heading where it names one
        assertThat(broken).as("broken links in the guides").isEmpty();
    }

    @Test
    void shouldFindTheAnchorsGitHubMakesFromHeadings() {
        // Given headings with code, punctuation and a repeated title
        String markdown = String.join("\n",
                "# Running several nodes / PostgreSQL",
                "## `resetflow_mails_total`: what it counts",
                "```",
                "# not a heading inside a code block",
                "```",
                "## Results",
                "## Results");

        // When the anchors are made as GitHub makes them
        Set<String> anchors = anchorsOf(markdown);

        // Then they are lower case, without punctuation but hyphens and underscores, and numbered when repeated
        assertThat(anchors).containsExactly(
                "running-several-nodes--postgresql", "resetflow_mails_total-what-it-counts", "results", "results-1");
    }

    private static String problem(Path guide, String target) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null; // https:, mailto:: not a file of this repository
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path linked = file.isEmpty() ? guide : guide.getParent().resolve(decode(file)).normalize();
        if (!linked.startsWith(ROOT)) {
            return "points outside the repository";
        }
        if (!Files.exists(linked)) {
            return "no such file";
        }
        if (anchor == null || anchor.isEmpty()) {
            return null;
        }
        if (!linked.getFileName().toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        return anchorsOf(read(linked)).contains(decode(anchor)) ? null : "no heading makes #" + anchor;
    }

    private static List<Path> guides() {
        List<Path> guides = new ArrayList<>();
        guides.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(guides::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String beside : List.of("bench/README.md", "forms/README.md")) {
            Path path = ROOT.resolve(beside);
            if (Files.exists(path)) {
                guides.add(path);
            }
        }
        return guides;
    }

    /** Links outside code: fenced blocks and inline code show link syntax, they do not link. */
    private static List<String> links(Path guide) {
        List<String> targets = new ArrayList<>();
        for (String line : proseLines(read(guide))) {
            Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    private static Set<String> anchorsOf(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseLines(markdown)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                anchors.add(html.group(1));
            }
        }
        return anchors;
    }

    /** GitHub's rule: lower case, drop everything but letters, digits, spaces, hyphens and underscores, spaces to hyphens. */
    private static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "");
        return text.toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static List<String> proseLines(String markdown) {
        List<String> prose = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                prose.add(line);
            }
        }
        return prose;
    }

    private static String decode(String part) {
        return java.net.URLDecoder.decode(part.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

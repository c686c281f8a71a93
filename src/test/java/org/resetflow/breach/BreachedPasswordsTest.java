package org.resetflow.breach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.resetflow.breach.BreachedPasswordProperties.OnFailure;
import org.resetflow.breach.BreachedPasswordProperties.Source;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The breached-password check against a local range server speaking the real wire format (padding included) and
 * against a file the test writes, without the engine. No test here reaches the internet.
 */
@ExtendWith(OutputCaptureExtension.class)
class BreachedPasswordsTest {

    static final String BREACHED = "Marble-Sunset-Quiver-73";
    static final String CLEAN = "Velvet-Harbor-Quietly-92";

    RangeServer rangeServer;

    @BeforeEach
    void startRangeServer() throws Exception {
        rangeServer = new RangeServer().breached(BREACHED, 42).paddedWith(CLEAN);
    }

    @AfterEach
    void stopRangeServer() {
        rangeServer.close();
    }

    @Test
    void shouldRefuseABreachedPasswordThroughTheRangeApiSendingOnlyTheHashPrefix() {
        // Given the check asks the local range server
        BreachedPasswords check = online(rangeServer.baseUrl(), OnFailure.ALLOW);

        // When a breached password is checked
        boolean breached = check.isBreached(BREACHED);

        // Then it is refused, and the server saw five hex characters of its SHA-1, padding asked for, nothing else
        assertThat(breached).isTrue();
        String sha1 = BreachedPasswords.sha1Hex(BREACHED);
        assertThat(rangeServer.asked()).singleElement().satisfies(asked -> {
            assertThat(asked.path()).isEqualTo("/range/" + sha1.substring(0, 5));
            assertThat(asked.addPadding()).isEqualTo("true");
            assertThat(asked.body()).isEmpty();
        });
    }

    @Test
    void shouldIgnorePaddingLinesThatCarryThePasswordsOwnSuffix() {
        // Given a range answer whose padding (count 0) holds the clean password's suffix
        BreachedPasswords check = online(rangeServer.baseUrl(), OnFailure.ALLOW);

        // When the clean password is checked, it passes
        assertThat(check.isBreached(CLEAN)).isFalse();
        assertThat(rangeServer.asked()).singleElement()
                .satisfies(asked -> assertThat(asked.path()).endsWith(BreachedPasswords.sha1Hex(CLEAN).substring(0, 5)));
    }

    @Test
    void shouldHonourTheMinimumCount() {
        // Given a list where the password was seen 42 times, and a policy that refuses from 100 sightings on
        BreachedPasswords check = new BreachedPasswords(properties(Source.RANGE_API, OnFailure.ALLOW, 100,
                rangeServer.baseUrl(), null));

        // Then it passes
        assertThat(check.isBreached(BREACHED)).isFalse();
    }

    @Test
    void shouldFailOpenWithACounterAndALogLineNamingNoPassword(CapturedOutput output) {
        // Given a range server that fails
        rangeServer.failingWith(503);
        BreachedPasswords check = online(rangeServer.baseUrl(), OnFailure.ALLOW);

        // When two passwords are checked
        assertThat(check.isBreached(BREACHED)).isFalse();
        assertThat(check.isBreached(CLEAN)).isFalse();

        // Then both pass unchecked, counted, with a log line that names the source but no password, hash or prefix
        assertThat(check.uncheckedPasswords()).isEqualTo(2);
        assertThat(output.getAll()).contains("failed open: range API 127.0.0.1", "HTTP 503", "(2 since start)");
        assertNoSecretIn(output.getAll(), BREACHED, CLEAN);
    }

    @Test
    void shouldFailOpenWhenTheRangeApiIsTooSlow(CapturedOutput output) {
        // Given a range server slower than the deadline
        rangeServer.answeringAfter(3_000);
        BreachedPasswords check = new BreachedPasswords(new BreachedPasswordProperties(Source.RANGE_API,
                OnFailure.ALLOW, 1, new BreachedPasswordProperties.RangeApi(rangeServer.baseUrl(),
                Duration.ofMillis(300), Duration.ofMillis(300), null), new BreachedPasswordProperties.HashFile(null)));

        // Then the password passes unchecked and the log says why
        assertThat(check.isBreached(BREACHED)).isFalse();
        assertThat(check.uncheckedPasswords()).isEqualTo(1);
        assertThat(output.getAll()).contains("timed out");
        assertNoSecretIn(output.getAll(), BREACHED);
    }

    @Test
    void shouldFailClosedWithoutNamingThePassword(CapturedOutput output) {
        // Given nothing listening where the range API should be, and a check that fails closed
        rangeServer.close();
        BreachedPasswords check = online(rangeServer.baseUrl(), OnFailure.REFUSE);

        // Then the check throws, and neither the exception nor the log holds the password, its hash or prefix
        assertThatThrownBy(() -> check.isBreached(BREACHED))
                .isInstanceOf(BreachCheckUnavailableException.class)
                .satisfies(e -> assertNoSecretIn(e.getMessage(), BREACHED));
        assertThat(check.uncheckedPasswords()).isZero();
        assertNoSecretIn(output.getAll(), BREACHED);
    }

    @Test
    void shouldFindBreachedPasswordsInASortedHashFile(@TempDir Path dir) throws Exception {
        // Given a sorted file of 5,000 hashes holding the breached password's, lines with and without counts
        Path file = HashFiles.write(dir.resolve("top.txt"), 5_000, BREACHED);
        BreachedPasswords check = offline(file);

        // Then the breached password is refused and the clean one passes
        assertThat(check.isBreached(BREACHED)).isTrue();
        assertThat(check.isBreached(CLEAN)).isFalse();
    }

    @Test
    void shouldFindEveryLineOfTheFileIncludingTheFirstAndTheLast(@TempDir Path dir) throws Exception {
        // Given a file whose every hash is known
        Path file = HashFiles.write(dir.resolve("top.txt"), 2_000);
        HashFileSource source = new HashFileSource(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);

        // Then each one is found (lower-case asked, too), and a hash one digit off that is not in the file is not
        java.util.Set<String> known = new java.util.HashSet<>();
        lines.forEach(line -> known.add(line.substring(0, 40)));
        for (String hash : known) {
            assertThat(source.sightings(hash)).as(hash).isPositive();
            assertThat(source.sightings(hash.toLowerCase())).as(hash).isPositive();
            String neighbour = hash.substring(0, 39) + (hash.charAt(39) == 'F' ? "E" : "F");
            if (!known.contains(neighbour)) {
                assertThat(source.sightings(neighbour)).as("neighbour of " + hash).isZero();
            }
        }
        assertThat(source.sightings("0".repeat(40))).isZero();
        assertThat(source.sightings("F".repeat(40))).isZero();
        assertThat(source.sightings(lines.get(1).substring(0, 40))).isEqualTo(Long.parseLong(lines.get(1).substring(41)));
        assertThat(source.sightings(lines.get(0).substring(0, 40))).isEqualTo(1);
    }

    @Test
    void shouldRefuseToStartWithAFileThatIsNotSortedByHash(@TempDir Path dir) throws Exception {
        // Given a file ordered by prevalence (the other download), not by hash
        Path sorted = HashFiles.write(dir.resolve("sorted.txt"), 1_000);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(sorted));
        java.util.Collections.reverse(lines);
        Path reversed = Files.write(dir.resolve("by-prevalence.txt"), lines);

        // Then it refuses, saying why
        assertThatThrownBy(() -> offline(reversed)).hasMessageContaining("not sorted by hash");
    }

    @Test
    void shouldRefuseToStartWithNtlmHashesOrWithoutAFile(@TempDir Path dir) throws Exception {
        Path ntlm = Files.writeString(dir.resolve("ntlm.txt"), "00000010F4B8A4D2A1D2B3C4D5E6F7A8:3\r\n");
        assertThatThrownBy(() -> offline(ntlm)).hasMessageContaining("NTLM");
        assertThatThrownBy(() -> offline(dir.resolve("missing.txt"))).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> new BreachedPasswords(properties(Source.FILE, OnFailure.ALLOW, 1, null, null)))
                .hasMessageContaining("resetflow.breached-passwords.file.path");
    }

    @Test
    void shouldCheckNothingWithoutASource() {
        BreachedPasswords check = new BreachedPasswords(properties(Source.NONE, OnFailure.REFUSE, 1, null, null));
        assertThat(check.enabled()).isFalse();
        assertThat(check.isBreached(BREACHED)).isFalse();
    }

    static void assertNoSecretIn(String text, String... passwords) {
        for (String password : passwords) {
            String sha1 = BreachedPasswords.sha1Hex(password);
            assertThat(text).doesNotContain(password).doesNotContainIgnoringCase(sha1)
                    .doesNotContainIgnoringCase(sha1.substring(0, 5)).doesNotContainIgnoringCase(sha1.substring(5));
        }
    }

    private static BreachedPasswords online(String baseUrl, OnFailure onFailure) {
        return new BreachedPasswords(properties(Source.RANGE_API, onFailure, 1, baseUrl, null));
    }

    private static BreachedPasswords offline(Path file) {
        return new BreachedPasswords(properties(Source.FILE, OnFailure.ALLOW, 1, null, file));
    }

    static BreachedPasswordProperties properties(Source source, OnFailure onFailure, long minCount, String baseUrl,
                                                 Path file) {
        return new BreachedPasswordProperties(source, onFailure, minCount,
                new BreachedPasswordProperties.RangeApi(baseUrl == null ? "https://api.pwnedpasswords.com/" : baseUrl,
                        Duration.ofSeconds(1), Duration.ofSeconds(2), null),
                new BreachedPasswordProperties.HashFile(file));
    }
}

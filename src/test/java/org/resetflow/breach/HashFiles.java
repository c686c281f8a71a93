package org.resetflow.breach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Writes breached-password files as an operator would get them: upper-case SHA-1, sorted, optional counts. */
public final class HashFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private HashFiles() {
    }

    /** A sorted {@code HASH:COUNT} file holding the passwords' hashes among {@code filler} random ones. */
    public static Path write(Path file, int filler, String... passwords) throws IOException {
        List<String> hashes = new ArrayList<>();
        for (String password : passwords) {
            hashes.add(BreachedPasswords.sha1Hex(password));
        }
        for (int i = 0; i < filler; i++) {
            byte[] bytes = new byte[20];
            RANDOM.nextBytes(bytes);
            hashes.add(HexFormat.of().withUpperCase().formatHex(bytes));
        }
        hashes.sort(null);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i++) {
            // Every third line without a count, as in a plain top-N list.
            lines.add(i % 3 == 0 ? hashes.get(i) : hashes.get(i) + ":" + (1 + RANDOM.nextInt(100_000)));
        }
        return Files.write(file, (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}

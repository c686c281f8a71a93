package org.resetflow.breach;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of breached passwords' SHA-1 hashes, sorted ascending, one a line, each optionally followed by
 * {@code :COUNT} (the Have I Been Pwned download ordered by hash, or any top-N list made from it). The file is mapped
 * into memory and searched by bisection over byte offsets, so a look-up reads about 40 lines of the file whatever
 * its size, and the operating system keeps the pages it needs in its cache; no line is loaded up front. Files over
 * 2 GiB are mapped in several parts. A replaced file is read after a restart.
 */
class HashFileSource implements BreachSource {

    static final int HASH_LENGTH = 40;
    private static final int PART_BITS = 30;
    private static final long PART_SIZE = 1L << PART_BITS;
    /** Lines checked at startup for the format and the order: an unsorted file would silently miss hashes. */
    private static final int SAMPLES = 64;

    private final Path path;
    private final List<MappedByteBuffer> parts = new ArrayList<>();
    private final long size;

    HashFileSource(Path path) {
        this.path = path;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            size = channel.size();
            for (long start = 0; start < size; start += PART_SIZE) {
                parts.add(channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(PART_SIZE, size - start)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Breached-password file " + path + " cannot be read: "
                    + e.getClass().getSimpleName(), e);
        }
        checkFormatAndOrder();
    }

    @Override
    public long sightings(String sha1Hex) {
        byte[] target = sha1Hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long lo = 0;
        long hi = size;
        while (lo < hi) {
            long start = lineStart(lo + (hi - lo) / 2);
            long end = lineEnd(start);
            int order = compare(start, end, target);
            if (order == 0) {
                return count(start, end);
            }
            if (order < 0) {
                lo = end + 1;
            } else {
                hi = start;
            }
        }
        return 0;
    }

    @Override
    public String describe() {
        return "file " + path.getFileName();
    }

    long lineStart(long position) {
        long p = Math.min(position, size);
        while (p > 0 && byteAt(p - 1) != '\n') {
            p--;
        }
        return p;
    }

    /** Position of the line's '\n', or the file's size for a last line without one. */
    long lineEnd(long start) {
        long p = start;
        while (p < size && byteAt(p) != '\n') {
            p++;
        }
        return p;
    }

    /** The line's hash against the target, hex compared without regard to case; a short or empty line sorts first. */
    private int compare(long start, long end, byte[] target) {
        long length = hashLength(start, end);
        if (length < HASH_LENGTH) {
            return -1;
        }
        for (int i = 0; i < HASH_LENGTH; i++) {
            int a = upper(byteAt(start + i));
            int b = upper(target[i]);
            if (a != b) {
                return a < b ? -1 : 1;
            }
        }
        return 0;
    }

    private long hashLength(long start, long end) {
        long p = start;
        while (p < end && byteAt(p) != ':' && byteAt(p) != '\r') {
            p++;
        }
        return p - start;
    }

    /** {@code HASH} alone counts once; {@code HASH:COUNT} as often as it says. */
    private long count(long start, long end) {
        long p = start + HASH_LENGTH;
        if (p >= end || byteAt(p) != ':') {
            return 1;
        }
        long count = 0;
        for (p++; p < end && Character.isDigit(byteAt(p)); p++) {
            count = count * 10 + (byteAt(p) - '0');
        }
        return count;
    }

    private void checkFormatAndOrder() {
        if (size == 0) {
            throw new IllegalStateException("Breached-password file " + path + " is empty");
        }
        String previous = null;
        for (int i = 0; i < SAMPLES; i++) {
            long start = lineStart(size * i / SAMPLES);
            String line = line(start);
            if (line.isEmpty() && start + 1 >= size) {
                continue;
            }
            if (!line.matches("[0-9A-Fa-f]{40}(:[0-9]+)?")) {
                throw new IllegalStateException("Breached-password file " + path + " is not one SHA-1 hash (40 hex "
                        + "characters, optionally :COUNT) a line at byte " + start
                        + " (NTLM hashes have 32 characters and do not work here)");
            }
            String hash = line.substring(0, HASH_LENGTH).toUpperCase(java.util.Locale.ROOT);
            if (previous != null && hash.compareTo(previous) < 0) {
                throw new IllegalStateException("Breached-password file " + path + " is not sorted by hash (near byte "
                        + start + "); download the list ordered by hash, not by prevalence");
            }
            previous = hash;
        }
    }

    private String line(long start) {
        long end = lineEnd(start);
        StringBuilder text = new StringBuilder();
        for (long p = start; p < end && p - start < 200; p++) {
            byte b = byteAt(p);
            if (b != '\r') {
                text.append((char) b);
            }
        }
        return text.toString();
    }

    private byte byteAt(long position) {
        return parts.get((int) (position >>> PART_BITS)).get((int) (position & (PART_SIZE - 1)));
    }

    private static int upper(byte b) {
        return b >= 'a' && b <= 'f' ? b - ('a' - 'A') : b;
    }
}

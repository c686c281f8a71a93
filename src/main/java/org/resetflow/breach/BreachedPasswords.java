package org.resetflow.breach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Tells whether a password is in a list of breached passwords. The password's SHA-1 is computed here and goes no
 * further than the source: the range API sees five hex characters of it, a file is searched in memory. Neither the
 * password, nor its hash, nor the prefix is ever logged or put into an exception.
 */
@Service
public class BreachedPasswords {

    private static final Logger log = LoggerFactory.getLogger(BreachedPasswords.class);

    private final Optional<BreachSource> source;
    private final BreachedPasswordProperties properties;
    private final AtomicLong uncheckedPasswords = new AtomicLong();

    BreachedPasswords(BreachedPasswordProperties properties) {
        this.properties = properties;
        this.source = switch (properties.source()) {
            case NONE -> Optional.empty();
            case RANGE_API -> Optional.of(new RangeApiSource(properties.rangeApi()));
            case FILE -> {
                if (properties.file().path() == null) {
                    throw new IllegalStateException("resetflow.breached-passwords.source=file needs "
                            + "resetflow.breached-passwords.file.path");
                }
                yield Optional.of(new HashFileSource(properties.file().path()));
            }
        };
        source.ifPresent(s -> log.info("Breached-password check asks the {}; when it cannot answer, passwords are {}",
                s.describe(), properties.onFailure() == BreachedPasswordProperties.OnFailure.ALLOW
                        ? "allowed unchecked (fail open)" : "refused for now (fail closed)"));
    }

    /** Whether a source is configured at all; without one every password passes this check. */
    public boolean enabled() {
        return source.isPresent();
    }

    /**
     * Whether the password is known from breaches.
     *
     * @throws BreachCheckUnavailableException when the source cannot answer and the check fails closed
     */
    public boolean isBreached(String password) {
        if (source.isEmpty() || password == null) {
            return false;
        }
        try {
            return source.get().sightings(sha1Hex(password)) >= properties.minCount();
        } catch (IOException | RuntimeException e) {
            // Only the source and the kind of failure: the user, the password and its hash stay out of the log.
            String what = source.get().describe() + " did not answer (" + failure(e) + ")";
            if (properties.onFailure() == BreachedPasswordProperties.OnFailure.REFUSE) {
                log.warn("Breached-password check failed closed: {}; the user is asked to try again", what);
                throw new BreachCheckUnavailableException("Breached-password check unavailable: " + what);
            }
            long unchecked = uncheckedPasswords.incrementAndGet();
            log.warn("Breached-password check failed open: {}; password taken unchecked ({} since start)", what,
                    unchecked);
            return false;
        }
    }

    /** Passwords taken without the check because the source did not answer (fail open), since this node started. */
    public long uncheckedPasswords() {
        return uncheckedPasswords.get();
    }

    private static String failure(Throwable e) {
        // Our own IOExceptions name a status or a timeout; others only by type, as their text may quote a URL.
        return e instanceof IOException && e.getMessage() != null && !e.getMessage().contains("/")
                && e.getClass() == IOException.class
                ? e.getMessage() : e.getClass().getSimpleName();
    }

    static String sha1Hex(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}

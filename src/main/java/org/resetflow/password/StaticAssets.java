package org.resetflow.password;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Subresource-integrity values of the scripts the pages load, computed once from the very files that are served
 * ({@code classpath:static/...}), so a changed or tampered file is refused by the browser instead of run, and no
 * hash in a template can go stale.
 */
@Component("staticAssets")
public class StaticAssets {

    private final Map<String, String> integrity = new ConcurrentHashMap<>();

    /** {@code sha384-...} of {@code static/<path>}; fails when the file is missing, as the build would be broken. */
    public String integrity(String path) {
        return integrity.computeIfAbsent(path, StaticAssets::compute);
    }

    static String compute(String path) {
        try (InputStream in = new ClassPathResource("static/" + path).getInputStream()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-384");
            return "sha384-" + Base64.getEncoder().encodeToString(digest.digest(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("Static asset " + path + " is missing from the build", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

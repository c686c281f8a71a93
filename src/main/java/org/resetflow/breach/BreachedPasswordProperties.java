package org.resetflow.breach;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the breached-password check looks, and what happens when it cannot look.
 *
 * @param source    {@code none} (no check), {@code range-api} (online, k-anonymity) or {@code file} (offline);
 *                  whether a reset applies the check is decided in {@code bpmn/password-checks.dmn}
 * @param onFailure what a password gets while the range API does not answer: {@code allow} (fail open: the password
 *                  is taken unchecked, counted, and a warning names the source and the failure, never the user,
 *                  password, hash or prefix) or {@code refuse} (fail closed: "try again in a moment", no
 *                  attempt counted, the link stays valid)
 * @param minCount  a hash counts as breached from this many sightings on; padding lines (count 0) never do
 */
@Validated
@ConfigurationProperties("resetflow.breached-passwords")
record BreachedPasswordProperties(
        @NotNull @DefaultValue("none") Source source,
        @NotNull @DefaultValue("allow") OnFailure onFailure,
        @Min(1) @DefaultValue("1") long minCount,
        @Valid @NotNull @DefaultValue RangeApi rangeApi,
        @Valid @NotNull @DefaultValue HashFile file) {

    enum Source { NONE, RANGE_API, FILE }

    enum OnFailure { ALLOW, REFUSE }

    /**
     * @param baseUrl        the range API without {@code /range/}, e.g. an internal mirror
     *                       ({@code https://hibp-mirror.internal/}); ResetFlow appends {@code range/ABCDE}
     * @param connectTimeout the connection alone, within the deadline
     * @param deadline       the whole look-up, connect, headers and body together: a user waits on the password page
     *                       for it, so short; past it the check fails open or closed as {@code on-failure} says
     * @param readTimeout    retired: it bounded only the wait for the headers, so a server that stalled in the body
     *                       held a submission for minutes. Set {@code deadline} instead; a configuration that still
     *                       sets it is refused at startup, rather than silently meaning something else
     */
    record RangeApi(
            @NotNull @Pattern(regexp = "https?://[^\\s?#]+", message = "must be an absolute http(s) URL without query")
            @DefaultValue("https://api.pwnedpasswords.com/") String baseUrl,
            @NotNull @DurationMin(millis = 1) @DefaultValue("1s") Duration connectTimeout,
            @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 30) @DefaultValue("3s") Duration deadline,
            @Null(message = "was replaced by resetflow.breached-passwords.range-api.deadline, which bounds connect, "
                    + "headers and body together (default 3s); remove read-timeout")
            Duration readTimeout) {

        @AssertTrue(message = "connect-timeout must not exceed deadline: the deadline bounds the connection too")
        boolean isConnectTimeoutWithinDeadline() {
            return connectTimeout == null || deadline == null || connectTimeout.compareTo(deadline) <= 0;
        }

        String rangeUrl(String prefix) {
            return (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + "range/" + prefix;
        }
    }

    /**
     * @param path a file of upper-case SHA-1 hex hashes, one a line, sorted ascending, each optionally followed by
     *             {@code :COUNT} (the Have I Been Pwned download format, ordered by hash), for {@code source=file}.
     *             Checked at startup (format, and order at sample points): a file sorted by prevalence or holding
     *             NTLM hashes refuses to start. A replaced file is read after a restart
     */
    record HashFile(Path path) {
    }
}

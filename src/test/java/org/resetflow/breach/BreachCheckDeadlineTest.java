package org.resetflow.breach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * One deadline bounds the whole range request, connect, headers and body together: a server that sends its headers
 * and then stalls one byte short of its declared length costs the deadline, not minutes, and the check then fails
 * open or closed as configured. Properties are bound as Spring binds them, from the names an operator writes.
 */
@ExtendWith(OutputCaptureExtension.class)
class BreachCheckDeadlineTest {

    /** Generous: only a check that ignores the deadline comes near it. */
    private static final Duration MARGIN = Duration.ofSeconds(10);
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    /** How long the bad server holds the connection before it drops it, far beyond the deadline. */
    private static final Duration STALL = Duration.ofSeconds(60);

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
    private RangeServer rangeServer;

    @BeforeEach
    void startRangeServer() throws Exception {
        rangeServer = new RangeServer().breached(BreachedPasswordsTest.BREACHED, 42).stallingInBody(STALL);
    }

    @AfterEach
    void stopRangeServer() {
        rangeServer.close();
    }

    @Test
    void shouldFailOpenWithinTheDeadlineWhenTheServerStallsInTheBody(CapturedOutput output) {
        // Given a check that fails open, against a server that stalls one byte short of its answer
        BreachedPasswords check = new BreachedPasswords(bind("allow", Map.of("deadline", "1s")));

        // When a password is checked, the check ends within the deadline and the password passes unchecked
        boolean breached = assertTimeoutPreemptively(DEADLINE.plus(MARGIN),
                () -> check.isBreached(BreachedPasswordsTest.BREACHED));

        // Then it is counted and logged as unchecked, naming the timeout but no password, hash or prefix
        assertThat(breached).isFalse();
        assertThat(check.uncheckedPasswords()).isEqualTo(1);
        assertThat(output.getAll()).contains("failed open: range API 127.0.0.1", "timed out");
        BreachedPasswordsTest.assertNoSecretIn(output.getAll(), BreachedPasswordsTest.BREACHED);
    }

    @Test
    void shouldFailClosedWithinTheDeadlineWhenTheServerStallsInTheBody() {
        // Given a check that fails closed, against a server that stalls one byte short of its answer
        BreachedPasswords check = new BreachedPasswords(bind("refuse", Map.of("deadline", "1s")));

        // Then the check ends within the deadline with "unavailable", naming no password, hash or prefix
        assertTimeoutPreemptively(DEADLINE.plus(MARGIN), () -> assertThatThrownBy(
                () -> check.isBreached(BreachedPasswordsTest.BREACHED))
                .isInstanceOf(BreachCheckUnavailableException.class)
                .hasMessageContaining("timed out")
                .satisfies(e -> BreachedPasswordsTest.assertNoSecretIn(e.getMessage(), BreachedPasswordsTest.BREACHED)));
        assertThat(check.uncheckedPasswords()).isZero();
    }

    @Test
    void shouldStillFindABreachedPasswordWhenTheAnswerComesWithinTheDeadline() {
        // Given a server that answers whole and at once
        rangeServer.stallingInBody(null);
        BreachedPasswords check = new BreachedPasswords(bind("refuse", Map.of("deadline", "1s")));

        // Then the deadline changes nothing about the answer
        assertThat(check.isBreached(BreachedPasswordsTest.BREACHED)).isTrue();
        assertThat(check.isBreached(BreachedPasswordsTest.CLEAN)).isFalse();
    }

    @Test
    void shouldBoundTheWholeCheckByDefault() {
        // Given an operator who configured nothing but the source
        BreachedPasswordProperties.RangeApi rangeApi = bind("allow", Map.of()).rangeApi();

        // Then the whole check has a deadline of a few seconds, the connect phase a shorter one within it
        assertThat(validator.validate(rangeApi)).isEmpty();
        assertThat(rangeApi).extracting("deadline").isEqualTo(Duration.ofSeconds(3));
        assertThat(rangeApi.connectTimeout()).isLessThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void shouldRefuseAConnectTimeoutBeyondTheDeadline() {
        // Given a connect timeout the deadline would never let happen
        BreachedPasswordProperties.RangeApi rangeApi = bind("allow",
                Map.of("deadline", "2s", "connect-timeout", "5s")).rangeApi();

        // Then the configuration is refused, saying why
        assertThat(messages(validator.validate(rangeApi))).anySatisfy(message ->
                assertThat(message).contains("connect-timeout").contains("deadline"));
    }

    @Test
    void shouldRefuseTheRetiredReadTimeoutNamingItsReplacement() {
        // Given a configuration from before the deadline, whose read timeout covered the headers only
        BreachedPasswordProperties.RangeApi rangeApi = bind("allow", Map.of("read-timeout", "2s")).rangeApi();

        // Then startup is refused with a message that names the property that replaced it
        assertThat(messages(validator.validate(rangeApi))).anySatisfy(message ->
                assertThat(message).contains("resetflow.breached-passwords.range-api.deadline"));
    }

    private BreachedPasswordProperties bind(String onFailure, Map<String, String> rangeApi) {
        Map<String, String> properties = new java.util.HashMap<>();
        properties.put("resetflow.breached-passwords.source", "range-api");
        properties.put("resetflow.breached-passwords.on-failure", onFailure);
        properties.put("resetflow.breached-passwords.range-api.base-url", rangeServer.baseUrl());
        rangeApi.forEach((name, value) -> properties.put("resetflow.breached-passwords.range-api." + name, value));
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("resetflow.breached-passwords", BreachedPasswordProperties.class);
    }

    private static Set<String> messages(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage())
                .collect(java.util.stream.Collectors.toSet());
    }
}

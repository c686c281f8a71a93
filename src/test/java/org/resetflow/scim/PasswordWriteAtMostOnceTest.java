package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.PasswordWriteOutcomeUnknownException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.resetflow.scim.StubDirectory.Reply;

/**
 * A password write is sent again only when it surely did not land. When it was sent and no answer tells what
 * became of it, it is verified where the account can be compared, and otherwise reported as unknown, never repeated:
 * a directory that refuses to reuse the current password would refuse the repeat and blame the user.
 */
class PasswordWriteAtMostOnceTest {

    private static final String PASSWORD = "Quiet-Meadow-Ferry-38";
    private static final String ID = "acct-7";
    /** Longer than the test client's 1 s read timeout. */
    private static final Duration NO_ANSWER = Duration.ofMillis(1500);

    private final StubDirectory server = new StubDirectory();

    @AfterEach
    void stop() {
        server.close();
    }

    private Dialects dialects(ScimProperties.Dialect dialect) {
        if (dialect == ScimProperties.Dialect.AUTO) {
            server.enqueue(Reply.scim(200, Rfc7644DirectoryTest.serviceProviderConfig(true, false, false)));
        }
        return new Dialects(server.root() + "/scim/v2", dialect, Dialects.none());
    }

    private long writes() {
        return server.requests().stream().filter(r -> !r.method().equals("GET")).count();
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldNotSendAWriteAgainWhenItsAnswerTimedOut(ScimProperties.Dialect dialect) {
        // Given a directory that takes the write but answers too late
        Dialects setup = dialects(dialect);
        server.enqueue(Reply.scim(200, "{}").after(NO_ANSWER));

        // When the password is set, then the outcome is reported as unknown after exactly one write
        assertThatThrownBy(() -> setup.directory().setPassword(ID, PASSWORD))
                .isInstanceOf(PasswordWriteOutcomeUnknownException.class)
                .hasMessageContaining("not sent again")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        assertThat(writes()).isEqualTo(1);
        assertThat(setup.waits).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldNotSendAWriteAgainAfterAGatewayGaveUp(ScimProperties.Dialect dialect) {
        // Given a gateway in front of the directory that gives up on the write (its outcome behind it unknown)
        Dialects setup = dialects(dialect);
        server.enqueue(Reply.scim(504, "{}"));

        // When the password is set, then the outcome is unknown after exactly one write
        assertThatThrownBy(() -> setup.directory().setPassword(ID, PASSWORD))
                .isInstanceOf(PasswordWriteOutcomeUnknownException.class).hasMessageContaining("HTTP 504");
        assertThat(writes()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldNotRepeatAWriteTheDirectoryFailedWith500(ScimProperties.Dialect dialect) {
        Dialects setup = dialects(dialect);
        server.enqueue(Reply.scim(500, "{}"), Reply.scim(200, "{}"));

        assertThatThrownBy(() -> setup.directory().setPassword(ID, PASSWORD))
                .isExactlyInstanceOf(DirectoryException.class).hasMessageContaining("HTTP 500 after 1 attempt");
        assertThat(writes()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldRetryAWriteTheDirectoryDeclinedWith503Or429(ScimProperties.Dialect dialect) {
        // 503 and 429 say the directory did not take the request at all: sending it again is safe
        Dialects setup = dialects(dialect);
        server.enqueue(Reply.scim(429, "{}"), Reply.scim(503, "{}"), Reply.scim(200, "{}"));

        setup.directory().setPassword(ID, PASSWORD);

        assertThat(writes()).isEqualTo(3);
    }

    @Test
    void shouldStillRetryAReadWhoseAnswerTimedOut() {
        // A look-up changes nothing: it may be sent again however it failed
        Directory directory = dialects(ScimProperties.Dialect.RFC7644).directory();
        server.enqueue(Reply.scim(200, "{}").after(NO_ANSWER),
                Reply.scim(200, "{\"totalResults\":0,\"Resources\":[]}"));

        assertThat(directory.findByUserName("alice")).isEqualTo(List.of());
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void shouldTakeAWriteAsLandedWhenTheAccountChangedSinceItWasRead() {
        // Given a directory without PATCH: ResetFlow reads the user, then PUTs it back with the password
        server.enqueue(Reply.scim(200, Rfc7644DirectoryTest.serviceProviderConfig(false, false, false)));
        Directory directory = new Dialects(server.root() + "/scim/v2", ScimProperties.Dialect.AUTO, Dialects.none())
                .directory();
        server.enqueue(Reply.scim(200, user("W/\"1\"")),
                Reply.scim(200, "{}").after(NO_ANSWER),
                Reply.scim(200, user("W/\"2\"")));

        // When the PUT's answer never arrives, but a fresh read shows a new version
        directory.setPassword(ID, PASSWORD);

        // Then the write counts as done, and it was sent once
        assertThat(writes()).isEqualTo(1);
    }

    @Test
    void shouldReportTheWriteUnknownWhenTheAccountIsUnchanged() {
        server.enqueue(Reply.scim(200, Rfc7644DirectoryTest.serviceProviderConfig(false, false, false)));
        Directory directory = new Dialects(server.root() + "/scim/v2", ScimProperties.Dialect.AUTO, Dialects.none())
                .directory();
        server.enqueue(Reply.scim(200, user("W/\"1\"")),
                Reply.scim(200, "{}").after(NO_ANSWER),
                Reply.scim(200, user("W/\"1\"")));

        assertThatThrownBy(() -> directory.setPassword(ID, PASSWORD))
                .isInstanceOf(PasswordWriteOutcomeUnknownException.class);
        assertThat(writes()).isEqualTo(1);
    }

    @Test
    void shouldStopRetryingAtTheDeadline() {
        // Given a deadline shorter than the first back-off
        Dialects setup = new Dialects(server.root() + "/scim/v2", ScimProperties.Dialect.RFC7644, Dialects.none(),
                Clock.systemUTC(), Duration.ofMillis(100));
        server.enqueue(Reply.scim(503, "{}"), Reply.scim(200, "{}"));

        // When the directory is busy, then there is no time for a second attempt
        assertThatThrownBy(() -> setup.directory().setPassword(ID, PASSWORD))
                .isExactlyInstanceOf(DirectoryException.class).hasMessageContaining("HTTP 503 after 1 attempt");
        assertThat(writes()).isEqualTo(1);
    }

    private static String user(String version) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"acct-7","userName":"alice",
                 "active":true,"meta":{"resourceType":"User","version":"%s"}}""".formatted(version.replace("\"", "\\\""));
    }
}

package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.DirectoryConfigurationException;
import org.resetflow.directory.AccountGoneException;
import org.resetflow.directory.PasswordRejectedByDirectoryException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.resetflow.scim.StubDirectory.Reply;

/** The one error mapping, asserted for every dialect against the same failure statuses. */
class DirectoryErrorMappingTest {

    private static final String PASSWORD = "Quiet-Meadow-Ferry-38";
    private static final String SECRET = "do-not-leak-me";
    private static final String ID = "acct-7";

    private final StubDirectory server = new StubDirectory();

    @AfterEach
    void stop() {
        server.close();
    }

    private Dialects dialects(ScimProperties.Dialect dialect) {
        if (dialect == ScimProperties.Dialect.AUTO) {
            server.enqueue(Reply.scim(200, Rfc7644DirectoryTest.serviceProviderConfig(true, false, false)));
        }
        return new Dialects(server.root() + "/scim/v2", dialect, Dialects.basic("svc", SECRET));
    }

    private int writes() {
        return (int) server.requests().stream().filter(r -> !r.method().equals("GET")).count();
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldReturnAPolicyRefusalWithTheDirectorysReason(ScimProperties.Dialect dialect) {
        Dialects setup = dialects(dialect);
        // status as a number, as some servers send it
        server.enqueue(Reply.scim(400, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":400,
                 "detail":"Password Quiet-Meadow-Ferry-38 is in the history"}"""));

        assertThatThrownBy(() -> setup.directory().setPassword(ID, PASSWORD))
                .isInstanceOf(PasswordRejectedByDirectoryException.class)
                .satisfies(e -> assertThat(((PasswordRejectedByDirectoryException) e).reason())
                        .isEqualTo("Password … is in the history"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        assertThat(writes()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldReportRefusedCredentialsAsAConfigurationFaultWithoutRetrying(ScimProperties.Dialect dialect) {
        Dialects setup = dialects(dialect);
        server.enqueue(Reply.scim(403, "{\"status\":\"403\",\"detail\":\"Forbidden for svc:" + SECRET + "\"}"));

        assertThatThrownBy(() -> setup.directory().setPassword(ID, PASSWORD))
                .isInstanceOf(DirectoryConfigurationException.class)
                .hasMessageContaining("127.0.0.1").hasMessageContaining("HTTP 403")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET, PASSWORD));
        assertThat(writes()).isEqualTo(1);
        assertThat(setup.waits).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldReportAVanishedAccountAsGone(ScimProperties.Dialect dialect) {
        Dialects setup = dialects(dialect);
        server.enqueue(Reply.scim(404, "{\"status\":\"404\",\"detail\":\"Resource acct-7 not found\"}"));

        assertThatThrownBy(() -> setup.directory().setPassword(ID, PASSWORD)).isInstanceOf(AccountGoneException.class);
        assertThat(writes()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldRetryAConflictOnceAfterAFreshRead(ScimProperties.Dialect dialect) {
        Dialects setup = dialects(dialect);
        String user = "{\"id\":\"acct-7\",\"userName\":\"u\",\"active\":true}";
        server.enqueue(Reply.scim(409, "{\"status\":\"409\",\"scimType\":\"uniqueness\"}"),
                Reply.scim(200, user), Reply.scim(200, "{}"));

        setup.directory().setPassword(ID, PASSWORD);

        assertThat(server.requests().subList(server.requests().size() - 3, server.requests().size()))
                .extracting(StubDirectory.Request::method)
                .satisfies(methods -> assertThat(methods.get(1)).isEqualTo("GET"))
                .satisfies(methods -> assertThat(methods.get(2)).isEqualTo(methods.get(0)));
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldGiveUpAfterASecondConflict(ScimProperties.Dialect dialect) {
        Dialects setup = dialects(dialect);
        String user = "{\"id\":\"acct-7\",\"userName\":\"u\",\"active\":true}";
        server.enqueue(Reply.scim(412, "{}"), Reply.scim(200, user), Reply.scim(412, "{}"));

        assertThatThrownBy(() -> setup.directory().setPassword(ID, PASSWORD))
                .isInstanceOf(DirectoryException.class).hasMessageContaining("HTTP 412");
        assertThat(writes()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldRetryOutagesWithBackOffThenNameTheDirectoryAndStatus(ScimProperties.Dialect dialect) {
        Dialects setup = dialects(dialect);
        server.enqueue(Reply.scim(503, "{}"), Reply.scim(429, "{}").withHeader("Retry-After", "1"),
                Reply.scim(500, "{\"detail\":\"upstream " + PASSWORD + "\"}"));

        assertThatThrownBy(() -> setup.directory().setPassword(ID, PASSWORD))
                .isExactlyInstanceOf(DirectoryException.class)
                .hasMessageContaining("127.0.0.1:").hasMessageContaining("HTTP 500").hasMessageContaining("3 attempts")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD, SECRET));
        assertThat(writes()).isEqualTo(3);
        assertThat(setup.waits).containsExactly(Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldSucceedWhenAnOutageEndsWithinTheRetries(ScimProperties.Dialect dialect) {
        Dialects setup = dialects(dialect);
        server.enqueue(Reply.scim(503, "{}"), Reply.scim(200, "{}"));

        setup.directory().setPassword(ID, PASSWORD);

        assertThat(writes()).isEqualTo(2);
        assertThat(setup.waits).containsExactly(Duration.ofMillis(200));
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldRetryARefusedConnectionThenReportTheDirectoryUnreachable(ScimProperties.Dialect dialect) {
        server.close();
        Dialects setup = new Dialects(server.root() + "/scim/v2", dialect, Dialects.none());

        assertThatThrownBy(() -> setup.directory().setPassword(ID, PASSWORD))
                .isExactlyInstanceOf(DirectoryException.class)
                .hasMessageContaining("unreachable").hasMessageContaining("3 attempts")
                .satisfies(e -> assertThat(((DirectoryException) e).status()).isZero());
        assertThat(setup.waits).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldTreatARefusedFilterAsNoMatch(ScimProperties.Dialect dialect) {
        server.enqueue(Reply.scim(400, "{\"status\":\"400\",\"scimType\":\"invalidFilter\"}"));
        Directory directory = new Dialects(server.root() + "/scim/v2", dialect, Dialects.none()).directory();

        assertThat(directory.findByUserName("x\"y")).isEqualTo(List.of());
    }
}

package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.resetflow.scim.StubDirectory.Reply;

/**
 * The health check asks the directory what a look-up asks: a filtered search on the user name, authenticated the
 * same way. RFC 7644 §3.4.2 lets a directory refuse a search without a filter ({@code invalidFilter}, or
 * {@code tooMany}), and many do; such a directory serves every reset and must not read as down.
 */
class DirectoryHealthCheckTest {

    private static final String BASE = "/scim/v2";

    private final StubDirectory server = new StubDirectory();

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(value = ScimProperties.Dialect.class, names = {"RFC7644", "GLUU", "ORACLE", "PING"})
    void shouldBeHealthyWhenTheDirectoryRefusesOnlySearchesWithoutAFilter(ScimProperties.Dialect dialect) {
        // Given a directory that answers look-ups but refuses to list users without a filter
        server.route(request -> request.query().containsKey("filter")
                ? Reply.scim(200, "{\"totalResults\":0,\"Resources\":[]}")
                : Reply.scim(400, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                        + "\"status\":\"400\",\"scimType\":\"invalidFilter\",\"detail\":\"a filter is required\"}"));
        Directory directory = new Dialects(server.root() + BASE, dialect, Dialects.bearer("t")).directory();

        // When the health check runs
        directory.checkReachable();

        // Then it sent one search shaped like a look-up's, for a user name no account can have
        StubDirectory.Request check = server.only();
        assertThat(check.method()).isEqualTo("GET");
        assertThat(check.path()).isEqualTo(BASE + "/Users");
        assertThat(check.query().get("filter"))
                .isEqualTo(ScimDialect.equalityFilter(((ScimDialect) directory).userNameAttribute(),
                        ScimDialect.HEALTH_CHECK_USER_NAME));
        assertThat(check.header("Authorization")).isEqualTo("Bearer t");
    }

    @ParameterizedTest
    @EnumSource(value = ScimProperties.Dialect.class, names = {"RFC7644", "ORACLE"})
    void shouldBeDownWhenTheDirectoryRefusesTheLookUpFilterItself(ScimProperties.Dialect dialect) {
        // Given a directory that refuses even the filtered search a look-up sends: no reset could find its account
        server.route(request -> Reply.scim(400, "{\"status\":\"400\",\"scimType\":\"invalidFilter\"}"));
        Directory directory = new Dialects(server.root() + BASE, dialect, Dialects.bearer("t")).directory();

        // Then the check fails, naming the status, so health reads down
        assertThatThrownBy(directory::checkReachable)
                .isInstanceOf(DirectoryException.class)
                .satisfies(e -> assertThat(((DirectoryException) e).status()).isEqualTo(400));
    }
}

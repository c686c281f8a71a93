package org.resetflow.scim;

import org.resetflow.directory.Directory;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which dialects can serve the helpdesk's generated password: only Ping's password sub-resource generates one (the
 * seed's "Resetting a user's password"); for every other dialect the helpdesk's action is refused up front.
 */
class PasswordGenerationCapabilityTest {

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldOfferGeneratedPasswordsOnlyWherePingGeneratesThem(ScimProperties.Dialect dialect) {
        // Given the dialect built as the application builds it (no call is made)
        Directory directory = new Dialects("http://directory.invalid/scim/v2", dialect, Dialects.none()).directory();

        // Then only Ping says it generates passwords
        assertThat(directory.generatesPasswords()).isEqualTo(dialect == ScimProperties.Dialect.PING);
    }
}

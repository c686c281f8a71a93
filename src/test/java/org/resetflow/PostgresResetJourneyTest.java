package org.resetflow;

import org.resetflow.cluster.PostgresServer;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ResetJourneyTest}, every scenario, on PostgreSQL with the {@code postgres} profile: the real SCIM server,
 * GreenMail, and a scan of every PostgreSQL table for the password and the token.
 */
@ActiveProfiles("postgres")
class PostgresResetJourneyTest extends ResetJourneyTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresServer.register(registry);
    }
}

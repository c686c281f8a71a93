package org.resetflow;

import org.resetflow.cluster.PostgresServer;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link SecretLeakTest} on PostgreSQL with the {@code postgres} profile: every path a link can take, then every row
 * of every PostgreSQL table (engine runtime and history, ResetFlow's own, the shared rate-limit buckets) and the log
 * are searched for passwords and tokens.
 */
@ActiveProfiles("postgres")
class PostgresSecretLeakTest extends SecretLeakTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresServer.register(registry);
    }
}

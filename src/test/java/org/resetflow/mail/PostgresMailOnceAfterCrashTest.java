package org.resetflow.mail;

import org.resetflow.cluster.PostgresServer;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link MailOnceAfterCrashTest} on PostgreSQL with the {@code postgres} profile: the ledger's own transaction beside
 * the job's, and a second record of one mail (a conflict on the key, which aborts only that transaction there).
 */
@ActiveProfiles("postgres")
class PostgresMailOnceAfterCrashTest extends MailOnceAfterCrashTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresServer.register(registry);
    }
}

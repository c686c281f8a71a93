package org.resetflow.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A flood leaves a backlog in the inbox, and the starter asks it ten times a second what is due and claims a batch.
 * Each of those reads must cost a batch's rows, not the backlog's: on H2 the claim's {@code FOR UPDATE} read and
 * locked every waiting row before its limit (the issue 20 profile: the starter's claims and counts took 13 % of the
 * CPU with 10,000 requests waiting). H2's own plan says how many rows a statement read ({@code scanCount}).
 */
class InboxBacklogTest {

    private static final int BACKLOG = 2000;
    private static final int BATCH = 5;

    private JdbcTemplate jdbc;
    private PendingLookups inbox;

    @BeforeEach
    void inboxWithABacklog() {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
                "jdbc:h2:mem:inbox-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", true);
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        Instant start = Instant.parse("2026-12-07T10:00:00Z");
        inbox = new PendingLookups(jdbc, Clock.fixed(start, ZoneOffset.UTC));
        jdbc.update("INSERT INTO rf_reset_request (request_id, identifier, client_address, requested_at) "
                + "SELECT RANDOM_UUID(), 'user' || X, '192.0.2.1', DATEADD('MILLISECOND', X, CAST(? AS TIMESTAMP)) "
                + "FROM SYSTEM_RANGE(1, " + BACKLOG + ")", Timestamp.from(start));
    }

    @Test
    void shouldReadOnlyABatchsRowsToClaimItWhateverTheBacklog() {
        // When the starter claims a batch of 5 with 2,000 requests waiting
        int rowsRead = rowsRead(inbox.claimStatement(BATCH));

        // Then H2 read a batch's rows, not the backlog
        assertThat(rowsRead).isLessThanOrEqualTo(2 * BATCH);
    }

    @Test
    void shouldReadOnlyABatchsRowsToTellWhatIsDue() {
        // When the starter asks how many requests are due for a batch of 5
        int rowsRead = rowsRead(inbox.dueStatement(BATCH));

        // Then it reads at most those 5, and the answer is 5
        assertThat(rowsRead).isLessThanOrEqualTo(2 * BATCH);
        assertThat(inbox.due(BATCH)).isEqualTo(BATCH);
        assertThat(inbox.waiting()).isEqualTo(BACKLOG);
    }

    @Test
    void shouldClaimTheOldestRequestsOnceEach() {
        // When two batches are claimed one after the other
        assertThat(inbox.claim("batch-1", BATCH)).isEqualTo(BATCH);
        assertThat(inbox.claim("batch-2", BATCH)).isEqualTo(BATCH);

        // Then the first holds the five oldest requests, the second the next five, and the rest still wait
        assertThat(identifiers("batch-1")).containsExactly("user1", "user2", "user3", "user4", "user5");
        assertThat(identifiers("batch-2")).containsExactly("user6", "user7", "user8", "user9", "user10");
        assertThat(inbox.waiting()).isEqualTo(BACKLOG - 2 * BATCH);
    }

    private List<String> identifiers(String batchId) {
        return inbox.batch(batchId).stream().map(PendingLookups.Pending::identifier).toList();
    }

    /** The largest {@code scanCount} of H2's plan: the rows the statement read, from any table or subquery. */
    private int rowsRead(String statement) {
        String plan = jdbc.queryForObject("EXPLAIN ANALYZE " + statement, String.class);
        Matcher scanCount = Pattern.compile("scanCount: (\\d+)").matcher(plan);
        int most = -1;
        while (scanCount.find()) {
            most = Math.max(most, Integer.parseInt(scanCount.group(1)));
        }
        assertThat(most).as("scanCount in the plan of %s:%n%s", statement, plan).isNotNegative();
        return most;
    }
}

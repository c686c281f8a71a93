package org.resetflow.config;

import org.resetflow.request.StarterNode;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.resetflow.cluster.PostgresServer;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Rate limits on PostgreSQL are one count for the whole cluster: two {@link RateLimiters}, as two nodes build them
 * over the one database, hand out a key's permits together, never twice over. The table never holds the key.
 */
class SharedRateLimitTest {

    private static final String TYPED = "Typed-Into-Identifier-Secret-9";

    @Test
    void shouldShareOneKeysPermitsBetweenNodesOnPostgreSql() {
        DataSource database = postgres();
        RateLimiter nodeA = new RateLimiters(database, properties("")).limiter("request-identifier", 5,
                Duration.ofHours(1));
        RateLimiter nodeB = new RateLimiters(database, properties("")).limiter("request-identifier", 5,
                Duration.ofHours(1));

        // When one key asks alternately on both nodes, 8 times
        List<Boolean> answers = List.of(nodeA.tryAcquire(TYPED), nodeB.tryAcquire(TYPED), nodeA.tryAcquire(TYPED),
                nodeB.tryAcquire(TYPED), nodeA.tryAcquire(TYPED), nodeB.tryAcquire(TYPED), nodeA.tryAcquire(TYPED),
                nodeB.tryAcquire(TYPED));

        // Then only 5 are let through in all (per node in memory, it would be 8: 4 on each)
        assertThat(answers).containsExactly(true, true, true, true, true, false, false, false);
        // ... and another key, or the same key under another limit's name, has its own bucket
        assertThat(nodeA.tryAcquire("someone-else")).isTrue();
        assertThat(new RateLimiters(database, properties("")).limiter("request-network", 5, Duration.ofHours(1))
                .tryAcquire(TYPED)).isTrue();
    }

    @Test
    void shouldShareTheDirectoryBudgetBetweenNodesOnPostgreSql() {
        // Given two nodes' starters, each with the directory budget of 50 look-ups a second
        DataSource database = postgres();
        RateLimiter nodeA = new RateLimiters(database, properties("")).limiter("directory-lookups", 50,
                Duration.ofSeconds(1));
        RateLimiter nodeB = new RateLimiters(database, properties("")).limiter("directory-lookups", 50,
                Duration.ofSeconds(1));

        // When both want a batch of 40 at once
        long firstCall = System.nanoTime();
        long a = nodeA.tryAcquireUpTo("directory-lookups", 40);
        long b = nodeB.tryAcquireUpTo("directory-lookups", 40);
        double secondsBetween = (System.nanoTime() - firstCall) / 1e9;

        // Then they get 50 together, not 50 each, plus what refilled meanwhile (50 a second: a busy machine may take
        // tens of milliseconds between the calls); and nothing for an empty batch
        assertThat(a).isEqualTo(40);
        assertThat(b).isBetween(10L, 11L + (long) Math.ceil(50 * secondsBetween));
        assertThat(b).isLessThan(40L);
        assertThat(nodeA.tryAcquireUpTo("directory-lookups", 0)).isZero();
    }

    @Test
    void shouldLetTwoNodesStartersClaimOneBudgetOfIdentifiersTogether() {
        // Given two nodes' starters over one PostgreSQL database, each with a directory budget of one identifier a
        // second (so that a slow machine refills little between their rounds), and 200 requests in the inbox
        DataSource database = postgres();
        StarterNode nodeA = new StarterNode(database, new RateLimiters(database, properties("")), 1);
        StarterNode nodeB = new StarterNode(database, new RateLimiters(database, properties("")), 1);
        for (int i = 0; i < 200; i++) {
            nodeA.enqueue("user" + i);
        }

        // When both starters run a round, one after the other
        long before = System.nanoTime();
        nodeA.round();
        nodeB.round();
        long seconds = (long) Math.ceil((System.nanoTime() - before) / 1e9);

        // Then their batches hold what one budget allows in that time together: one identifier, plus one for each
        // second it took to refill; without the budget each would claim a full batch of 100
        assertThat(new JdbcTemplate(database).queryForObject(
                "SELECT COUNT(*) FROM rf_reset_request WHERE batch_id IS NOT NULL", Long.class))
                .as("requests claimed for look-up in %d s", seconds).isBetween(1L, 1 + seconds);
    }

    @Test
    void shouldKeepWhatWasTypedOutOfTheTable() {
        DataSource database = postgres();
        RateLimiters limiters = new RateLimiters(database, properties("cluster-wide-secret"));
        limiters.limiter("request-identifier", 5, Duration.ofHours(1)).tryAcquire(TYPED);

        List<Map<String, Object>> rows = new JdbcTemplate(database).queryForList("SELECT * FROM rf_rate_limit_bucket");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).values()).allSatisfy(value -> assertThat(
                value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value))
                .doesNotContain(TYPED).doesNotContain(TYPED.toLowerCase()));
        // A different secret names a different row: without it, a reader cannot test guesses against the ids.
        long withSecret = ((SharedRateLimiter) limiters.limiter("request-identifier", 5, Duration.ofHours(1)))
                .rowId(TYPED);
        long withoutSecret = ((SharedRateLimiter) new RateLimiters(database, properties(""))
                .limiter("request-identifier", 5, Duration.ofHours(1))).rowId(TYPED);
        assertThat(withSecret).isNotEqualTo(withoutSecret);
        assertThat(rows.get(0).get("id")).isEqualTo(withSecret);
    }

    @Test
    void shouldKeepLimitsInMemoryOnH2() {
        DriverManagerDataSource h2 = new DriverManagerDataSource("jdbc:h2:mem:shared-rate-limit-test");
        RateLimiters limiters = new RateLimiters(h2, properties(""));

        assertThat(limiters.clusterWide()).isFalse();
        assertThat(limiters.limiter("request-identifier", 1, Duration.ofHours(1))).isInstanceOf(KeyedRateLimiter.class);
        assertThat(new RateLimiters(postgres(), properties("")).clusterWide()).isTrue();
    }

    private static DataSource postgres() {
        DriverManagerDataSource database = new DriverManagerDataSource(PostgresServer.newDatabase(), "postgres", "");
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).execute(database);
        return database;
    }

    private static RateLimitProperties properties(String keySecret) {
        return new RateLimitProperties(5, 20, Duration.ofHours(1), 20, Duration.ofMinutes(1), 30,
                Duration.ofMinutes(1), keySecret, Duration.ofMinutes(5));
    }
}

package org.resetflow.config;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Makes the rate limits. On PostgreSQL, the database every node of a cluster shares, the buckets live there
 * ({@link SharedRateLimiter}): a client cannot multiply its limits by the number of nodes behind a load balancer
 * without sticky sessions. On H2, which only ever serves one node, they stay in memory ({@link KeyedRateLimiter}).
 */
@Component
public class RateLimiters {

    private static final Logger log = LoggerFactory.getLogger(RateLimiters.class);
    private static final int PURGE_BATCH = 1000;

    private final PostgreSQLSelectForUpdateBasedProxyManager<Long> shared;
    private final byte[] keySecret;

    RateLimiters(DataSource dataSource, RateLimitProperties properties) {
        this.keySecret = properties.keySecret().getBytes(StandardCharsets.UTF_8);
        this.shared = isPostgreSql(dataSource)
                ? Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                        .primaryKeyMapper(PrimaryKeyMapper.LONG)
                        .table("rf_rate_limit_bucket")
                        .idColumn("id")
                        .stateColumn("state")
                        .expiresAtColumn("expires_at")
                        // A row is deleted once its bucket would be full again: it then says nothing a fresh one
                        // would not (and the purge below keeps the table at the size of the recent traffic).
                        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                                Duration.ZERO))
                        .build()
                : null;
        if (shared != null && properties.keySecret().isEmpty()) {
            log.warn("resetflow.rate-limit.key-secret is not set: the shared rate-limit table's row ids are hashes "
                    + "that a reader of the database could test guessed identifiers against");
        }
    }

    /** A limit of {@code capacity} permits per {@code window} for each key; {@code name} keeps limits apart. */
    public RateLimiter limiter(String name, int capacity, Duration window) {
        return shared == null
                ? new KeyedRateLimiter(capacity, window)
                : new SharedRateLimiter(name, capacity, window, shared, keySecret);
    }

    /** Whether the limits are shared by every node (in the database) or this node's own (in memory). */
    public boolean clusterWide() {
        return shared != null;
    }

    /** Full buckets are worth nothing; without this, every key ever seen would keep a row. */
    @Scheduled(fixedDelayString = "${resetflow.rate-limit.purge-interval:PT5M}", initialDelayString = "PT1M")
    void purgeFullBuckets() {
        if (shared == null) {
            return;
        }
        int removed;
        do {
            removed = shared.removeExpired(PURGE_BATCH);
        } while (removed == PURGE_BATCH);
    }

    private static boolean isPostgreSql(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell which database holds the rate limits", e);
        }
    }
}

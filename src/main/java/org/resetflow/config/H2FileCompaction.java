package org.resetflow.config;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps a file H2 database at the size of its data. {@link H2Settings} sets {@code WRITE_DELAY=0} so that every
 * answered request is on disk before the answer; but with it H2 starts no background writer, and the background
 * writer is what compacts the file. Without compaction every commit appends and nothing is reclaimed: 100,000 waiting
 * resets made a 76 GB file and filled the disk (bench/README.md, P4). So ResetFlow compacts it itself, for a bounded
 * time per round, while the database keeps serving.
 */
@Component
// An embedded H2 database on disk (jdbc:h2:file:…, jdbc:h2:./…, jdbc:h2:~/…), not in memory and not an H2 server.
@ConditionalOnExpression("'${spring.datasource.url:}'.matches('(?i)jdbc:h2:(?!mem:|tcp:|ssl:|zip:).*')")
class H2FileCompaction {

    private static final Logger log = LoggerFactory.getLogger(H2FileCompaction.class);
    /**
     * At most this long per round, the rest waits for the next one. Once a minute for 200 ms kept up with a test's
     * churn but not with 75 resets a second (a 12 GB file after 20,000 of them): every 5 s for up to 500 ms is at most
     * a tenth of one thread, spent only while there is something to reclaim.
     */
    private static final int MAX_COMPACT_MILLIS = 500;

    private final DataSource dataSource;

    H2FileCompaction(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Scheduled(fixedDelayString = "${resetflow.h2.compact-interval:PT5S}", initialDelayString = "PT10S")
    void compact() {
        try (Connection connection = dataSource.getConnection()) {
            // H2 offers online compaction only through its store's API; the SQL statements (CHECKPOINT) do not.
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            MVStore store = session.getDatabase().getStore().getMvStore();
            store.compactFile(MAX_COMPACT_MILLIS);
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not compact the H2 database file: {}", e.getClass().getSimpleName());
        }
    }
}

package org.resetflow.botdefence;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * Solutions already spent ({@code rf_bot_solution}), in the database every node shares: the primary key makes "first
 * use" one insert, atomic across nodes. A row is only needed until its challenge expires; expired rows are deleted
 * on a schedule.
 */
@Repository
class UsedSolutions {

    private static final Logger log = LoggerFactory.getLogger(UsedSolutions.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    UsedSolutions(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the challenge as solved; false if some node already took a solution for it. */
    boolean firstUse(String challenge, Instant expiresAt) {
        try {
            jdbc.update("INSERT INTO rf_bot_solution (challenge, expires_at) VALUES (?, ?)", challenge,
                    Timestamp.from(expiresAt));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Scheduled(fixedDelayString = "${resetflow.bot-defence.cleanup-interval:PT5M}", initialDelayString = "PT1M")
    void deleteExpired() {
        int deleted = jdbc.update("DELETE FROM rf_bot_solution WHERE expires_at < ?", Timestamp.from(clock.instant()));
        if (deleted > 0) {
            log.debug("Deleted {} spent bot-defence solutions whose challenges expired", deleted);
        }
    }
}

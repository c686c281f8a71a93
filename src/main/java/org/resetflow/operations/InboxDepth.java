package org.resetflow.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code resetflow.inbox.depth} ({@code resetflow_inbox_depth}): requests in the request inbox
 * ({@code rf_reset_request}) whose look-up has not run yet, counted in the shared database when scraped, so every
 * node reports the same figure. A depth that only grows means the starter or the directory budget cannot keep up.
 */
@Component
class InboxDepth {

    InboxDepth(MeterRegistry registry, JdbcTemplate jdbc) {
        Gauge.builder("resetflow.inbox.depth", jdbc, InboxDepth::count)
                .description("Reset requests waiting in the request inbox for their look-up")
                .register(registry);
    }

    private static double count(JdbcTemplate jdbc) {
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM rf_reset_request", Long.class);
        return rows == null ? 0 : rows;
    }
}

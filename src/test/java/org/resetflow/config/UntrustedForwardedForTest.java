package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.resetflow.EngineJobs;
import org.resetflow.WebSession;
import org.resetflow.request.ResetStarter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A proxy is trusted, but the test's connection (127.0.0.1) does not come from it: whatever forwarding headers it
 * sends are the client's own words and count for nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resetflow.request.starter-interval=1h",
        "resetflow.trusted-proxies=203.0.113.0/24",
        "resetflow.rate-limit.requests-per-address=3"})
class UntrustedForwardedForTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    HistoryService historyService;
    @Autowired
    ManagementService managementService;
    @Autowired
    ResetStarter resetStarter;

    @Test
    void shouldIgnoreForwardingHeadersFromAPeerThatIsNoTrustedProxy() {
        // Given a flooder that names a new address in every request, in both headers
        for (int i = 1; i <= 6; i++) {
            WebSession flooder = new WebSession("http://localhost:" + port)
                    .withHeader("X-Forwarded-For", "198.51.100." + i)
                    .withHeader("Forwarded", "for=198.51.100." + i);
            flooder.get("/");

            // When it asks for a reset each time
            assertThat(flooder.post("/request", Map.of("identifier", "rotate-" + i)).title())
                    .isEqualTo("Check your mail");
        }

        // Then all six count against its real address: three resets, none under a forged one
        assertThat(resetsFrom("127.0.0.1")).isEqualTo(3);
        for (int i = 1; i <= 6; i++) {
            assertThat(resetsFrom("198.51.100." + i)).isZero();
        }
    }

    /**
     * Requests the limits let through from this client: rows in the request inbox. Since the request intake, a name
     * that matches no account starts no reset, so resets are no measure of what passed the limits; this class pauses
     * the inbox's starter (an hour between rounds) so that the rows stay where the page wrote them.
     */
    private long resetsFrom(String clientAddress) {
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM rf_reset_request WHERE client_address = ?", Long.class,
                clientAddress);
        return rows == null ? 0 : rows;
    }
}

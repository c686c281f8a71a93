package org.resetflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.resetflow.directory.AccountLookup;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The demo directory in the default {@code rfc7644} dialect (the same context as {@code DemoModeIntegrationTest}):
 * the client reads {@code /ServiceProviderConfig} once for {@code filter.maxResults}, then batches its searches.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "resetflow.demo.smtp-port=0", "camunda.bpm.job-execution.enabled=false" })
class DemoRfc7644BatchLookUpTest extends DemoScimHttpTestBase {

    @Autowired
    AccountLookup lookup;

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldLookUpAFloodWithTheResultsOfOneByOne() {
        // Given the demo directory in the rfc7644 dialect
        // When a flood of 100 identifiers is looked up one by one and as a batch
        DemoFlood.Cost cost = DemoFlood.lookUp(this.lookup, this.meters);

        // Then the batch cost two searches (within 200 results per answer and 4,000 filter characters), against
        // one search per identifier and attribute
        assertThat(cost.batchRequests()).isEqualTo(2);
        assertThat(cost.oneByOneRequests()).isGreaterThan(140);
    }
}

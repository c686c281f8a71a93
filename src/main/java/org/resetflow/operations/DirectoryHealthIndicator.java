package org.resetflow.operations;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryConfigurationException;
import org.resetflow.directory.DirectoryException;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code directory}: the search a look-up sends, for a user name no account has, once, without the retries a reset
 * gets. Down when the directory cannot be reached, fails, or refuses ResetFlow's credentials (then the detail says
 * so: that is a configuration fault, not an outage).
 */
@Component("directoryHealthIndicator")
class DirectoryHealthIndicator extends AbstractHealthIndicator {

    private final Directory directory;

    DirectoryHealthIndicator(Directory directory) {
        super("Directory health check failed");
        this.directory = directory;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try {
            directory.checkReachable();
            builder.up();
        } catch (DirectoryConfigurationException e) {
            builder.down().withDetail("problem", "credentials refused").withDetail("status", e.status());
        } catch (DirectoryException e) {
            builder.down().withDetail("problem", e.getMessage()).withDetail("status", e.status());
        } catch (UnsupportedOperationException e) {
            builder.unknown();
        }
    }
}

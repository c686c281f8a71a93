package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code auto} dialect's capabilities: read from {@code /ServiceProviderConfig} on first use and kept. A failed
 * read is not kept, so a directory that was down at start-up is asked again next time.
 */
final class ServiceProviderConfig implements Supplier<ScimCapabilities> {

    private static final Logger log = LoggerFactory.getLogger(ServiceProviderConfig.class);

    private final DirectoryHttp http;
    private final ObjectMapper json = new ObjectMapper();
    private volatile ScimCapabilities discovered;

    ServiceProviderConfig(DirectoryHttp http) {
        this.http = http;
    }

    @Override
    public ScimCapabilities get() {
        ScimCapabilities known = discovered;
        if (known == null) {
            synchronized (this) {
                if (discovered == null) {
                    discovered = read();
                }
                known = discovered;
            }
        }
        return known;
    }

    private ScimCapabilities read() {
        String operation = "read /ServiceProviderConfig";
        ScimAnswer answer = http.get(operation, http.uri("ServiceProviderConfig"), ScimDialect.ACCEPT_SCIM);
        if (answer.status() != 200) {
            throw new DirectoryException("Directory " + http.describe() + " failed to " + operation + ": HTTP "
                    + answer.status(), answer.status());
        }
        JsonNode config;
        try {
            config = json.readTree(answer.body());
        } catch (IOException e) {
            throw new DirectoryException("Directory " + http.describe() + " sent an unreadable ServiceProviderConfig",
                    200);
        }
        ScimCapabilities capabilities = ScimCapabilities.of(config);
        log.info("Directory {} offers {}; writes use {}", http.describe(), capabilities,
                capabilities.patch() ? "PATCH" : "PUT of the whole User");
        return capabilities;
    }
}

package org.resetflow.scim;

import org.resetflow.directory.DirectoryException;
import java.net.URI;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The directory's base URL. Without a configured URL it points at the demo directory that this application serves
 * itself, on whatever port the web server got.
 */
@Component
class ScimEndpoint {

    static final String DEMO_PATH = "/demo/scim/v2";

    private final ScimProperties properties;
    private volatile int localPort = -1;

    ScimEndpoint(ScimProperties properties) {
        this.properties = properties;
    }

    @EventListener
    void onWebServerStarted(WebServerInitializedEvent event) {
        // The management server (its own port) announces itself too, under its own namespace: not the demo's port.
        if (event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        localPort = event.getWebServer().getPort();
    }

    String baseUrl() {
        if (!properties.demo()) {
            String url = properties.baseUrl().trim();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        if (localPort < 0) {
            throw new DirectoryException("Demo directory not reachable: the web server has not started", 0);
        }
        return "http://127.0.0.1:" + localPort + DEMO_PATH;
    }

    /** For messages: the directory's host, never its credentials or a query. */
    String describe() {
        try {
            URI uri = URI.create(baseUrl());
            return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (RuntimeException e) {
            return "the directory";
        }
    }
}

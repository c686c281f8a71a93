package org.resetflow.demo;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Tells a newcomer where to click once the server is up. Waits for the web server because only then is the
 * port known ({@code server.port=0} included).
 */
@Component
@ConditionalOnDemoMode
class DemoUrlsLogger implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger logger = LoggerFactory.getLogger(DemoUrlsLogger.class);

    private final ObjectProvider<DemoDirectory> directory;

    private final ObjectProvider<DemoMailbox> mailbox;

    private final Environment environment;

    private final AtomicBoolean logged = new AtomicBoolean();

    DemoUrlsLogger(ObjectProvider<DemoDirectory> directory, ObjectProvider<DemoMailbox> mailbox,
            Environment environment) {
        this.directory = directory;
        this.mailbox = mailbox;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // A separate management server publishes the same event under its own namespace; its port is not the app's.
        if (event.getApplicationContext().getServerNamespace() != null || !this.logged.compareAndSet(false, true)) {
            return;
        }
        String base = "http://localhost:" + event.getWebServer().getPort()
                + trimSlash(this.environment.getProperty("server.servlet.context-path", ""));
        StringBuilder message = new StringBuilder("ResetFlow is running in demo mode. Try a password reset:");
        message.append(System.lineSeparator()).append("  request a reset:  ").append(base).append('/');
        if (this.mailbox.getIfAvailable() != null) {
            message.append(System.lineSeparator()).append("  demo inbox:       ").append(base).append("/demo/inbox");
        }
        if (this.directory.getIfAvailable() != null) {
            message.append(System.lineSeparator())
                .append("  demo directory:   ")
                .append(base)
                .append("/demo/directory")
                .append(" (SCIM API ")
                .append(base)
                .append(DemoDirectory.SCIM_BASE_PATH)
                .append(", no authentication: demo only)");
        }
        if (this.environment.getProperty("camunda.bpm.webapp.enabled", Boolean.class, true)) {
            message.append(System.lineSeparator())
                .append("  Camunda:          ")
                .append(base)
                .append(trimSlash(this.environment.getProperty("camunda.bpm.webapp.application-path", "/camunda")))
                .append("/app/");
        }
        logger.info(message.toString());
    }

    private static String trimSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

}

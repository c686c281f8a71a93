package org.resetflow.demo;

import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.boot.web.server.WebServer;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

@ExtendWith(OutputCaptureExtension.class)
class DemoUrlsLoggerTest {

    @Test
    void shouldLogDemoUrlsOnceWithActualPortAndContextPath(CapturedOutput output) {
        // Given both demo parts and an application under /app on port 8123
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("demoDirectory", new DemoDirectory(Clock.systemUTC()));
        beans.addBean("demoMailbox", new DemoMailbox(0));
        MockEnvironment environment = new MockEnvironment().withProperty("server.servlet.context-path", "/app/");
        DemoUrlsLogger logger = new DemoUrlsLogger(beans.getBeanProvider(DemoDirectory.class),
                beans.getBeanProvider(DemoMailbox.class), environment);

        // When the web server reports twice that it is up
        logger.onApplicationEvent(event(8123, null));
        logger.onApplicationEvent(event(8123, null));

        // Then every demo URL is logged, once
        assertThat(output).contains("request a reset:  http://localhost:8123/app/")
            .contains("http://localhost:8123/app/demo/inbox")
            .contains("http://localhost:8123/app/demo/directory")
            .contains("http://localhost:8123/app/demo/scim/v2")
            .contains("http://localhost:8123/app/camunda/app/");
        assertThat(output.getOut().split("demo mode", -1)).hasSize(2);
    }

    @Test
    void shouldIgnoreManagementServerAndMissingDemoParts(CapturedOutput output) {
        // Given only the demo mail server, no Camunda webapp
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("demoMailbox", new DemoMailbox(0));
        MockEnvironment environment = new MockEnvironment().withProperty("camunda.bpm.webapp.enabled", "false");
        DemoUrlsLogger logger = new DemoUrlsLogger(beans.getBeanProvider(DemoDirectory.class),
                beans.getBeanProvider(DemoMailbox.class), environment);

        // When the management server and then the application server start
        logger.onApplicationEvent(event(9999, "management"));
        logger.onApplicationEvent(event(8080, null));

        // Then only the application's port and the existing parts are logged
        assertThat(output).doesNotContain("9999")
            .contains("http://localhost:8080/demo/inbox")
            .doesNotContain("/demo/directory")
            .doesNotContain("/camunda/");
    }

    private static WebServerInitializedEvent event(int port, String namespace) {
        WebServer server = mock(WebServer.class);
        given(server.getPort()).willReturn(port);
        WebServerApplicationContext context = mock(WebServerApplicationContext.class);
        given(context.getServerNamespace()).willReturn(namespace);
        return new WebServerInitializedEvent(server) {
            @Override
            public WebServerApplicationContext getApplicationContext() {
                return context;
            }
        };
    }

}

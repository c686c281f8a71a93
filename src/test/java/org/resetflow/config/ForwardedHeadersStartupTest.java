package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.resetflow.ResetFlowApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Client addresses have one source, {@code resetflow.trusted-proxies}. Settings that let Tomcat or Spring rewrite
 * the address from forwarding headers by their own rules (Tomcat's valve trusts every private address by default)
 * are refused at startup, with one line that says what to set instead.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForwardedHeadersStartupTest {

    private static final AtomicInteger STARTS = new AtomicInteger();

    @Test
    void shouldRefuseTomcatsForwardedHeaderHandling(CapturedOutput output) {
        // Given the setting the README used to recommend behind a proxy

        // When the application starts
        Throwable failure = startupFailure("--server.forward-headers-strategy=native");

        // Then it refuses, and says what to set instead
        assertRefused(failure, output, "ResetFlow refuses to start: server.forward-headers-strategy=native lets "
                + "Tomcat take client addresses from forwarding headers. Leave it at none and list your proxies in "
                + "resetflow.trusted-proxies.");
    }

    @Test
    void shouldRefuseSpringsForwardedHeaderFilter(CapturedOutput output) {
        // Given Spring's own forwarded-header filter

        // When the application starts
        Throwable failure = startupFailure("--server.forward-headers-strategy=framework");

        // Then it refuses too
        assertRefused(failure, output, "ResetFlow refuses to start: server.forward-headers-strategy=framework lets "
                + "Spring take client addresses from forwarding headers. Leave it at none and list your proxies in "
                + "resetflow.trusted-proxies.");
    }

    @Test
    void shouldRefuseTomcatsRemoteIpHeader(CapturedOutput output) {
        // Given Tomcat's remote IP valve switched on through its own header setting

        // When the application starts
        Throwable failure = startupFailure("--server.tomcat.remoteip.remote-ip-header=X-Real-IP");

        // Then it refuses
        assertRefused(failure, output, "ResetFlow refuses to start: server.tomcat.remoteip.remote-ip-header lets "
                + "Tomcat take client addresses from forwarding headers. Remove it and list your proxies in "
                + "resetflow.trusted-proxies.");
    }

    @Test
    void shouldRefuseAnInvalidTrustedProxy(CapturedOutput output) {
        // Given a trusted proxy that is no network

        // When the application starts
        Throwable failure = startupFailure("--resetflow.trusted-proxies=10.0.0.0/8,proxy.example.org");

        // Then it refuses, naming the entry
        assertThat(failure).isNotNull();
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
                .contains("resetflow.trusted-proxies")
                .contains("proxy.example.org is not an IP address or a CIDR block");
    }

    private static Throwable startupFailure(String... settings) {
        int start = STARTS.incrementAndGet();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--camunda.bpm.job-execution.enabled=false",
                "--resetflow.demo.smtp-port=0",
                "--camunda.bpm.process-engine-name=forwarded-headers-startup-" + start,
                "--spring.datasource.url=jdbc:h2:mem:forwarded-headers-startup-" + start + ";DB_CLOSE_DELAY=-1"));
        args.addAll(List.of(settings));
        return catchThrowable(() -> new SpringApplicationBuilder(ResetFlowApplication.class)
                .run(args.toArray(String[]::new))
                .close());
    }

    private static void assertRefused(Throwable failure, CapturedOutput output, String line) {
        assertThat(failure).as("startup failure").isNotNull().rootCause().hasMessage(line);
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
                .contains(line)
                .doesNotContain("\tat org.resetflow")
                .doesNotContain("Application run failed");
    }
}

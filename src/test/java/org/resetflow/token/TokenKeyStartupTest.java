package org.resetflow.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.resetflow.ResetFlowApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Reset links are derived from a secret key that every node must share: outside demo mode ResetFlow refuses to start
 * without one, or with one too short to be a secret, and names the variable to set. Demo mode makes its own.
 */
class TokenKeyStartupTest {

    private static final AtomicInteger STARTS = new AtomicInteger();

    @Test
    void shouldRefuseToStartWithoutAKeyOutsideDemoMode() {
        Throwable failure = catchThrowable(() -> start(true, "--resetflow.token.key=").close());

        assertThat(rootCause(failure)).isInstanceOf(TokenKeyException.class)
                .hasMessageContaining("RESETFLOW_TOKEN_KEY").hasMessageContaining("the same on every node");
    }

    @Test
    void shouldRefuseToStartWithAShortKey() {
        Throwable failure = catchThrowable(() -> start(true, "--resetflow.token.key=too-short").close());

        assertThat(rootCause(failure)).hasMessageContaining("RESETFLOW_TOKEN_KEY has 9 characters");
    }

    @Test
    void shouldGenerateAKeyInDemoMode() {
        try (ConfigurableApplicationContext context = start(false, "--resetflow.token.key=")) {
            assertThat(context.getBean(TokenKey.class).token("reset", "reset-link:job")).hasSize(43);
        }
    }

    private static ConfigurableApplicationContext start(boolean production, String... settings) {
        int start = STARTS.incrementAndGet();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.process-engine-name=tokenKeyStartup" + start,
                "--spring.datasource.url=jdbc:h2:mem:tokenKeyStartup" + start + ";DB_CLOSE_DELAY=-1"));
        if (production) {
            args.addAll(List.of("--resetflow.scim.base-url=https://directory.example.org/scim/v2",
                    "--spring.mail.host=smtp.example.org"));
        }
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(ResetFlowApplication.class).run(args.toArray(String[]::new));
    }

    private static Throwable rootCause(Throwable failure) {
        assertThat(failure).as("startup failure").isNotNull();
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}

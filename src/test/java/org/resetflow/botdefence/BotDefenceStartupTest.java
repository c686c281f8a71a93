package org.resetflow.botdefence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.resetflow.ResetFlowApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Outside demo mode the bot defence needs a signing key from the environment: without one, or with one too short to
 * be a secret, ResetFlow refuses to start and says which setting to fix.
 */
class BotDefenceStartupTest {

    private static final AtomicInteger STARTS = new AtomicInteger();

    @Test
    void shouldRefuseToStartWithoutAKeyOutsideDemoMode() {
        Throwable failure = startupFailure("--resetflow.bot-defence.enabled=true");

        assertThat(rootCause(failure)).hasMessageContaining("bot defence is on")
                .hasMessageContaining("RESETFLOW_BOT_DEFENCE_HMAC_KEY");
    }

    @Test
    void shouldRefuseToStartWithAShortKey() {
        Throwable failure = startupFailure("--resetflow.bot-defence.enabled=true",
                "--resetflow.bot-defence.hmac-key=too-short");

        assertThat(rootCause(failure)).hasMessageContaining("RESETFLOW_BOT_DEFENCE_HMAC_KEY has 9 characters");
    }

    private static Throwable startupFailure(String... settings) {
        int start = STARTS.incrementAndGet();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--camunda.bpm.job-execution.enabled=false",
                "--camunda.bpm.process-engine-name=botDefenceStartup" + start,
                "--spring.datasource.url=jdbc:h2:mem:botDefenceStartup" + start + ";DB_CLOSE_DELAY=-1",
                "--resetflow.scim.base-url=https://directory.example.org/scim/v2",
                "--spring.mail.host=smtp.example.org"));
        args.addAll(List.of(settings));
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(ResetFlowApplication.class)
                .run(args.toArray(String[]::new))
                .close());
        assertThat(failure).as("startup failure").isNotNull();
        return failure;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}

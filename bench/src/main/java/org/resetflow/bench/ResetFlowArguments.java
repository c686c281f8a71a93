package org.resetflow.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings every benchmark starts ResetFlow with against the harness's directory and mail server: no proof of
 * work (scripted load solves none), a fixed link key, the rate limits raised far above what one address sends, and
 * the access log at warn. A benchmark adds what it measures.
 */
final class ResetFlowArguments {

    private ResetFlowArguments() {
    }

    static List<String> against(int port, ScimDirectory directory, SmtpSink smtp, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--resetflow.public-base-url=http://localhost:" + port,
                "--resetflow.scim.base-url=" + directory.base(),
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.port(),
                "--resetflow.bot-defence.enabled=false",
                // Links are derived from this key; every node the same (a real deployment: RESETFLOW_TOKEN_KEY).
                "--resetflow.token.key=bench-only-reset-link-key-0123456789abcdef",
                "--management.server.port=0",
                "--resetflow.rate-limit.requests-per-address=100000000",
                "--resetflow.rate-limit.requests-per-identifier=100000000",
                "--resetflow.rate-limit.requests-per-identifier-all-networks=100000000",
                "--resetflow.rate-limit.link-checks-per-address=100000000",
                "--logging.level.resetflow.access=warn"));
        arguments.addAll(List.of(more));
        return arguments;
    }
}

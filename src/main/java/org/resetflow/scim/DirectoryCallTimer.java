package org.resetflow.scim;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * {@code resetflow.directory.calls} ({@code resetflow_directory_calls_seconds_*}): every HTTP exchange with the
 * directory, each retry on its own, timed and tagged by {@code outcome} ({@code success}, {@code client-error},
 * {@code refused-credentials}, {@code throttled}, {@code server-error}, {@code unreachable}) and {@code method}. Never
 * by URL: a look-up's URL holds what the user typed.
 */
class DirectoryCallTimer implements ClientHttpRequestInterceptor {

    private final MeterRegistry registry;

    DirectoryCallTimer(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "unreachable";
        try {
            ClientHttpResponse response = execution.execute(request, body);
            outcome = outcome(response.getStatusCode().value());
            return response;
        } finally {
            sample.stop(Timer.builder("resetflow.directory.calls")
                    .description("HTTP exchanges with the account directory")
                    .tag("outcome", outcome).tag("method", request.getMethod().name())
                    .register(registry));
        }
    }

    static String outcome(int status) {
        if (status == 401 || status == 403) {
            return "refused-credentials";
        }
        if (status == 429) {
            return "throttled";
        }
        if (status >= 500) {
            return "server-error";
        }
        return status >= 400 ? "client-error" : "success";
    }
}

package org.resetflow.scim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpResponse;

/** Status, body and the headers a dialect needs, read inside the exchange so the connection is released. */
record ScimAnswer(int status, String body, String etag, String retryAfter) {

    private static final int MAX_BODY = 1 << 20;

    static ScimAnswer read(ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        byte[] bytes = response.getBody().readNBytes(MAX_BODY);
        HttpHeaders headers = response.getHeaders();
        return new ScimAnswer(status, new String(bytes, StandardCharsets.UTF_8),
                headers.getETag(), headers.getFirst(HttpHeaders.RETRY_AFTER));
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }
}

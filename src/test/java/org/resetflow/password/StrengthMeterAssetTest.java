package org.resetflow.password;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * zxcvbn is served by ResetFlow itself, exactly the pinned npm release the build fetched and checked, with an
 * integrity value computed from the very bytes served; the public chain lets the script through and no further.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
class StrengthMeterAssetTest {

    private static final Path NPM_ZXCVBN = Path.of("target", "npm", "zxcvbn", "package");

    @LocalServerPort
    int port;

    @Autowired
    StaticAssets assets;

    @Test
    void shouldServeThePinnedZxcvbnWithItsIntegrity() throws Exception {
        HttpResponse<byte[]> zxcvbn = get("/js/zxcvbn.js");

        assertThat(zxcvbn.statusCode()).isEqualTo(200);
        assertThat(zxcvbn.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("javascript"));
        assertThat(new ObjectMapper().readTree(NPM_ZXCVBN.resolve("package.json").toFile()).path("version").asText())
                .isEqualTo("4.4.2");
        assertThat(zxcvbn.body()).isEqualTo(Files.readAllBytes(NPM_ZXCVBN.resolve("dist").resolve("zxcvbn.js")));
        assertThat(assets.integrity("js/zxcvbn.js")).isEqualTo(StaticAssets.compute("js/zxcvbn.js"))
                .startsWith("sha384-").hasSize("sha384-".length() + 64);
        assertThat(get("/js/password-meter.js").statusCode()).isEqualTo(200);
        // (the chain lets exactly the scripts through, nothing else under /js)
        assertThat(get("/js/zxcvbn.js.map").statusCode()).isEqualTo(404);
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}

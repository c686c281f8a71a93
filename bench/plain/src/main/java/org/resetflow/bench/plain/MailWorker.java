package org.resetflow.bench.plain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Takes up to 100 waiting requests every 100 ms: a SCIM look-up each, a mail with a random link per match. */
@Component
class MailWorker {

    private static final Logger log = LoggerFactory.getLogger(MailWorker.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final JavaMailSender mail;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final String scimBase;
    private final String publicBase;
    private final String from;

    MailWorker(JdbcTemplate jdbc, JavaMailSender mail, ObjectMapper json, @Value("${plain.scim.base-url}") String scimBase,
               @Value("${plain.public-base-url}") String publicBase, @Value("${plain.mail.from}") String from) {
        this.jdbc = jdbc;
        this.mail = mail;
        this.json = json;
        this.scimBase = scimBase;
        this.publicBase = publicBase;
        this.from = from;
    }

    @Scheduled(fixedDelay = 100)
    void work() {
        for (Map<String, Object> row : jdbc.queryForList(
                "SELECT id, identifier FROM reset_request WHERE done = FALSE ORDER BY id LIMIT 100")) {
            try {
                lookUp((String) row.get("IDENTIFIER")).ifPresent(this::sendLink);
                jdbc.update("UPDATE reset_request SET done = TRUE WHERE id = ?", row.get("ID"));
            } catch (Exception e) {
                log.warn("Request {} failed, retried on the next round: {}", row.get("ID"), e.toString());
            }
        }
    }

    /** The e-mail address of the one active account that matches, if exactly one does. */
    private Optional<String> lookUp(String identifier) throws Exception {
        String attribute = identifier.contains("@") ? "emails.value" : "userName";
        String filter = attribute + " eq \"" + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        HttpRequest request = HttpRequest.newBuilder(URI.create(scimBase + "/Users?filter="
                        + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20")))
                .timeout(Duration.ofSeconds(5)).header("Accept", "application/scim+json").GET().build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("directory answered HTTP " + answer.statusCode());
        }
        JsonNode found = json.readTree(answer.body()).path("Resources");
        if (found.size() != 1 || !found.get(0).path("active").asBoolean(false)) {
            return Optional.empty();
        }
        String address = found.get(0).path("emails").path(0).path("value").asText("");
        return address.isBlank() ? Optional.empty() : Optional.of(address);
    }

    private void sendLink(String address) {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(address);
        message.setSubject("Reset your password");
        message.setText("Set a new password: " + publicBase + "/reset/"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(token) + "\n");
        mail.send(message);
    }
}

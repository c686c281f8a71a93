package org.resetflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.TestSmtp;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The reset mail tells the truth about its link: it works until the new password is set, expires at a stated time,
 * and survives rejected passwords up to the reset policy's limit. Sent through a real SMTP server (GreenMail), and
 * checked in the text part and in the HTML part as a reader sees it.
 */
class ResetMailerTest {

    private static final String LINK = "https://reset.example.test/reset/" + "A".repeat(43);

    private ResetMailer mailer;

    @BeforeEach
    void mailer() {
        TestSmtp.purge();
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(TestSmtp.server().getSmtp().getPort());
        mailer = new ResetMailer(sender, new MailProperties("ResetFlow <no-reply@resetflow.local>"));
    }

    @Test
    void shouldStateTheExpiryAndTheRejectedPasswordsTheLinkSurvives() throws Exception {
        // Given the default policy: ten minutes, five rejected passwords

        // When the reset mail is sent
        mailer.sendResetLink("alice@example.org", "Alice Adams", LINK, Duration.ofMinutes(10),
                Instant.parse("2026-01-01T12:34:56Z"), 5);

        // Then both parts say how long the link works, and after how many rejected passwords it stops
        Map<String, String> parts = readableParts(TestSmtp.awaitMessages(1)[0]);
        assertThat(parts).containsOnlyKeys("text/plain", "text/html");
        assertThat(parts.values()).allSatisfy(text -> assertThat(text)
                .contains("The link works until your new password is set.")
                .contains("It expires in 10 minutes (at 12:34 UTC),")
                .contains("it stops working after 5 rejected passwords or when you ask for another link.")
                .doesNotContainIgnoringCase("works once")
                .contains(LINK));
    }

    @Test
    void shouldTakeTheLimitsFromThePolicyItIsGiven() throws Exception {
        // Given a different policy: two hours, a single rejected password

        // When the reset mail is sent
        mailer.sendResetLink("alice@example.org", "Alice Adams", LINK, Duration.ofHours(2),
                Instant.parse("2026-01-01T14:00:00Z"), 1);

        // Then the mail states those limits, in the singular where it is one
        Map<String, String> parts = readableParts(TestSmtp.awaitMessages(1)[0]);
        assertThat(parts.values()).allSatisfy(text -> assertThat(text)
                .contains("It expires in 2 hours (at 14:00 UTC),")
                .contains("after 1 rejected password or"));
    }

    /** Each text part as a reader sees it: the HTML part without its tags, all whitespace runs as one space. */
    private static Map<String, String> readableParts(MimeMessage message) throws Exception {
        Map<String, String> parts = new LinkedHashMap<>();
        collect(message, parts);
        return parts;
    }

    private static void collect(Part part, Map<String, String> parts) throws Exception {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), parts);
            }
        } else if (part.isMimeType("text/html")) {
            // The link's address is in an attribute, not in the text a reader sees; it is added at the end.
            Document html = Jsoup.parse((String) content);
            parts.put("text/html", readable(html.body().text() + " " + String.join(" ", html.select("a").eachAttr("href"))));
        } else if (part.isMimeType("text/plain")) {
            parts.put("text/plain", readable((String) content));
        }
    }

    private static String readable(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}

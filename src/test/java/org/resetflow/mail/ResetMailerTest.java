package org.resetflow.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_DISPLAY_NAME;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_EMAIL;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_LANGUAGE;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_TIME_ZONE;
import static org.resetflow.PasswordResetProcess.VAR_CLIENT_ADDRESS;
import static org.resetflow.PasswordResetProcess.VAR_REQUESTED_AT;
import static org.resetflow.PasswordResetProcess.VAR_REQUEST_LANGUAGE;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.resetflow.TestSmtp;
import org.resetflow.operations.ResetMetrics;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The reset mail tells the truth about its link: it works until the new password is set, expires at a stated time,
 * and survives rejected passwords up to the reset policy's limit. It speaks the account's language, else the
 * request's, tells times in the account's zone with the zone named, and loads nothing from anywhere. Sent through a
 * real SMTP server (GreenMail), and checked in the text part and in the HTML part as a reader sees it.
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
        mailer = new ResetMailer(sender, new MailProperties("ResetFlow <no-reply@resetflow.local>", ZoneId.of("UTC")), messages(),
                new ResetMetrics(new SimpleMeterRegistry()));
    }

    /** The application's own bundles, configured as Spring Boot configures them (application.yaml). */
    static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    @Test
    void shouldStateTheExpiryAndTheRejectedPasswordsTheLinkSurvives() throws Exception {
        // Given the default policy: ten minutes, five rejected passwords

        // When the reset mail is sent
        mailer.sendResetLink(alice()::get, LINK, Duration.ofMinutes(10), Instant.parse("2026-01-01T12:34:56Z"), 5);

        // Then both parts say how long the link works, and after how many rejected passwords it stops
        MimeMessage mail = TestSmtp.awaitMessages(1)[0];
        Map<String, String> parts = readableParts(mail);
        assertThat(mail.getSubject()).isEqualTo("Reset your password");
        assertThat(parts).containsOnlyKeys("text/plain", "text/html");
        assertThat(parts.values()).allSatisfy(text -> assertThat(text)
                .contains("ResetFlow")
                .contains("The link works until your new password is set.")
                .contains("It expires in 10 minutes, on January 1, 2026, 12:34 PM (Coordinated Universal Time),")
                .contains("it stops working after 5 rejected passwords or when you ask for another link.")
                .contains("Did not ask for this? Then ignore this mail")
                .doesNotContainIgnoringCase("works once")
                .contains(LINK));
    }

    @Test
    void shouldTakeTheLimitsFromThePolicyItIsGiven() throws Exception {
        // Given a different policy: two hours, a single rejected password

        // When the reset mail is sent
        mailer.sendResetLink(alice()::get, LINK, Duration.ofHours(2), Instant.parse("2026-01-01T14:00:00Z"), 1);

        // Then the mail states those limits, in the singular where it is one
        Map<String, String> parts = readableParts(TestSmtp.awaitMessages(1)[0]);
        assertThat(parts.values()).allSatisfy(text -> assertThat(text)
                .contains("It expires in 2 hours, on January 1, 2026, 2:00 PM (Coordinated Universal Time),")
                .contains("after 1 rejected password or"));
    }

    @Test
    void shouldSpeakTheLanguageOfTheRequestWhenTheAccountNamesNone() throws Exception {
        // Given a reset asked for on the German page, for an account without a language
        Map<String, Object> variables = alice();
        variables.put(VAR_REQUEST_LANGUAGE, "de");

        // When the reset mail is sent
        mailer.sendResetLink(variables::get, LINK, Duration.ofMinutes(10), Instant.parse("2026-01-01T12:34:56Z"), 5);

        // Then it is German, dates included
        MimeMessage mail = TestSmtp.awaitMessages(1)[0];
        assertThat(mail.getSubject()).isEqualTo("Passwort zurücksetzen");
        assertThat(mail.getHeader("Content-Language")).containsExactly("de");
        assertThat(readableParts(mail).values()).allSatisfy(text -> assertThat(text)
                .contains("Hallo Alice Adams,")
                .contains("Der Link gilt, bis Ihr neues Passwort gesetzt ist.")
                .contains("Er läuft in 10 Minuten ab, am 1. Januar 2026, 12:34 (Koordinierte Weltzeit),")
                .contains("nach 5 abgelehnten Passwörtern")
                .contains("Sie haben das nicht beantragt?"));
    }

    @Test
    void shouldSpeakTheAccountsLanguageInItsTimeZoneBeforeTheRequests() throws Exception {
        // Given an account whose directory says German and Berlin, asked for on the English page
        Map<String, Object> variables = alice();
        variables.put(VAR_REQUEST_LANGUAGE, "en");
        variables.put(VAR_ACCOUNT_LANGUAGE, "de");
        variables.put(VAR_ACCOUNT_TIME_ZONE, "Europe/Berlin");

        // When the reset mail is sent
        mailer.sendResetLink(variables::get, LINK, Duration.ofDays(1), Instant.parse("2026-07-01T12:00:00Z"), 1);

        // Then it is German, and the time is Berlin's summer time, named
        MimeMessage mail = TestSmtp.awaitMessages(1)[0];
        assertThat(mail.getSubject()).isEqualTo("Passwort zurücksetzen");
        assertThat(readableParts(mail).values()).allSatisfy(text -> assertThat(text)
                .contains("Er läuft in 1 Tag ab, am 1. Juli 2026, 14:00 (Mitteleuropäische Sommerzeit),")
                .contains("nach 1 abgelehnten Passwort oder"));
    }

    @Test
    void shouldTellWhenAndFromWhereTheResetWasAskedForInTheConfirmation() throws Exception {
        // Given a reset asked for at 12:00 from 203.0.113.7, by an account in New York
        Map<String, Object> variables = alice();
        variables.put(VAR_REQUESTED_AT, Date.from(Instant.parse("2026-01-01T12:00:00Z")));
        variables.put(VAR_CLIENT_ADDRESS, "203.0.113.7");
        variables.put(VAR_ACCOUNT_TIME_ZONE, "America/New_York");

        // When the confirmation is sent
        mailer.sendPasswordChanged(variables::get, Instant.parse("2026-01-01T12:05:00Z"));

        // Then it says when the password changed, when and from where the reset was asked for, and what to do
        MimeMessage mail = TestSmtp.awaitMessages(1)[0];
        assertThat(mail.getSubject()).isEqualTo("Your password was changed");
        assertThat(readableParts(mail).values()).allSatisfy(text -> assertThat(text)
                .contains("the password of your account was changed at January 1, 2026, 7:05 AM "
                        + "(Eastern Standard Time) through ResetFlow")
                .contains("The reset was asked for at January 1, 2026, 7:00 AM (Eastern Standard Time) "
                        + "from the network 203.0.113.7.")
                .contains("If this was not you, contact your helpdesk now"));
    }

    @Test
    void shouldConfirmInGermanToo() throws Exception {
        Map<String, Object> variables = alice();
        variables.put(VAR_REQUEST_LANGUAGE, "de");
        variables.put(VAR_REQUESTED_AT, Date.from(Instant.parse("2026-01-01T12:00:00Z")));
        variables.put(VAR_CLIENT_ADDRESS, "2001:db8::1");

        mailer.sendPasswordChanged(variables::get, Instant.parse("2026-01-01T12:05:00Z"));

        MimeMessage mail = TestSmtp.awaitMessages(1)[0];
        assertThat(mail.getSubject()).isEqualTo("Ihr Passwort wurde geändert");
        assertThat(readableParts(mail).values()).allSatisfy(text -> assertThat(text)
                .contains("das Passwort Ihres Kontos wurde am 1. Januar 2026, 12:05 (Koordinierte Weltzeit) über "
                        + "ResetFlow geändert")
                .contains("Das Zurücksetzen wurde am 1. Januar 2026, 12:00 (Koordinierte Weltzeit) aus dem Netz "
                        + "2001:db8::1 beantragt.")
                .contains("Waren Sie das nicht"));
    }

    @Test
    void shouldTitleEveryResetMailsHtmlWithItsOwnSubject() throws Exception {
        // Given every notification the policy may choose
        for (String notification : ResetMailer.RESET_LINK_NOTIFICATIONS) {
            // When its mail is sent
            TestSmtp.purge();
            mailer.sendResetLink(notification, alice()::get, LINK, Duration.ofMinutes(10), Instant.now(), 5);

            // Then a mail program that shows the HTML's title shows the mail's own subject, not another mail's
            MimeMessage mail = TestSmtp.awaitMessages(1)[0];
            assertThat(Jsoup.parse(htmlPart(mail)).title()).as(notification).isEqualTo(mail.getSubject());
        }
    }

    @Test
    void shouldRenderTheHtmlWithoutRemoteContent() throws Exception {
        // Given both mails, in both languages
        for (String language : new String[] {"en", "de"}) {
            Map<String, Object> variables = alice();
            variables.put(VAR_REQUEST_LANGUAGE, language);
            mailer.sendResetLink(variables::get, LINK, Duration.ofMinutes(10), Instant.now(), 5);
            mailer.sendPasswordChanged(variables::get, Instant.now());
        }

        // Then no HTML part loads anything: no image, frame, script, style sheet or font; the reset link is the
        // only address in them, and no style refers to a URL
        for (MimeMessage mail : TestSmtp.awaitMessages(4)) {
            Document html = Jsoup.parse(htmlPart(mail));
            assertThat(html.select("img, iframe, frame, object, embed, script, link, video, audio, source, base"))
                    .isEmpty();
            for (Element element : html.getAllElements()) {
                element.attributes().forEach(attribute -> {
                    if (attribute.getKey().equals("href")) {
                        assertThat(attribute.getValue()).isEqualTo(LINK);
                    } else {
                        assertThat(attribute.getValue()).doesNotContainIgnoringCase("http")
                                .doesNotContainIgnoringCase("url(").doesNotContain("//");
                    }
                });
            }
            assertThat(html.select("style").html()).doesNotContainIgnoringCase("url(").doesNotContain("@import");
            assertThat(html.select("html").attr("lang")).isIn("en", "de");
        }
    }

    private static Map<String, Object> alice() {
        Map<String, Object> variables = new HashMap<>();
        variables.put(VAR_ACCOUNT_EMAIL, "alice@example.org");
        variables.put(VAR_ACCOUNT_DISPLAY_NAME, "Alice Adams");
        return variables;
    }

    private static String htmlPart(Part part) throws Exception {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String html = htmlPart(multipart.getBodyPart(i));
                if (html != null) {
                    return html;
                }
            }
        }
        return part.isMimeType("text/html") ? (String) content : null;
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
        return text.replaceAll("\\s+", " ").replace('\u202f', ' ').strip();
    }
}

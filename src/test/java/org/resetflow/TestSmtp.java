package org.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.resetflow.demo.DemoMailbox;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real SMTP server (GreenMail) for the whole test run, on a free port. It starts before any Spring context so
 * {@code spring.mail.port} can point at it; tests purge it before each scenario. Only production-mode tests (a
 * directory configured too) can use it: demo mode brings its own mail server, read with
 * {@link #awaitMessages(DemoMailbox, int)}.
 */
public final class TestSmtp {

    /**
     * For a test's static properties. Not registered dynamically with the port: together with
     * {@code resetflow.scim.base-url} it decides demo mode while the environment is prepared, before any dynamic
     * property exists.
     */
    public static final String HOST = "spring.mail.host=127.0.0.1";

    private static final GreenMail SERVER = start();

    private TestSmtp() {
    }

    public static GreenMail server() {
        return SERVER;
    }

    /** The port, known only at run time; the test sets {@link #HOST} in its static properties. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> SERVER.getSmtp().getPort());
    }

    public static void purge() {
        try {
            SERVER.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("Could not empty the test mailboxes", e);
        }
    }

    /** Waits for the mailbox to hold {@code count} messages (the job executor sends them) and returns them. */
    public static MimeMessage[] awaitMessages(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> SERVER.getReceivedMessages().length >= count);
        return SERVER.getReceivedMessages();
    }

    /** Like {@link #awaitMessages(int)}, for the demo mail server of an application in demo mode. */
    public static MimeMessage[] awaitMessages(DemoMailbox mailbox, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mailbox.messages().size() >= count);
        return mailbox.messages().toArray(MimeMessage[]::new);
    }

    /**
     * The token of the one reset link in a mail: every link the mail holds (text and HTML part) must be the same
     * URL and start with {@code baseUrl}.
     */
    public static String resetToken(MimeMessage message, String baseUrl) {
        String body = text(message);
        Matcher matcher = Pattern.compile(Pattern.quote(baseUrl) + "/reset/([A-Za-z0-9_-]{43})").matcher(body);
        List<String> tokens = matcher.results().map(m -> m.group(1)).distinct().toList();
        assertThat(tokens).as("exactly one reset link starting with " + baseUrl).hasSize(1);
        assertThat(Pattern.compile("https?://").matcher(body.replace(baseUrl + "/reset/" + tokens.get(0), "")).find())
                .as("no other link in the mail").isFalse();
        return tokens.get(0);
    }

    /** Every text part of a mail, decoded, one after the other. */
    public static String text(Part part) {
        try {
            Object content = part.getContent();
            if (content instanceof Multipart multipart) {
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < multipart.getCount(); i++) {
                    all.append(text(multipart.getBodyPart(i))).append('\n');
                }
                return all.toString();
            }
            return content instanceof String string ? string : "";
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable mail", e);
        }
    }

    private static GreenMail start() {
        GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop));
        return greenMail;
    }
}

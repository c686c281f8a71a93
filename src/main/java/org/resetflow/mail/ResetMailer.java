package org.resetflow.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/** Renders and sends the reset mails, each as plain text and HTML. */
@Service
public class ResetMailer {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    static final String NOTIFICATION_RESET_LINK = "reset-link";
    /** The reset mails the policy table may choose, each a template pair in {@code mail/}. */
    static final java.util.Set<String> RESET_LINK_NOTIFICATIONS = java.util.Set.of(NOTIFICATION_RESET_LINK,
            "reset-link-repeated");

    private final JavaMailSender mailSender;
    private final MailProperties properties;
    // Not a bean: a second template engine bean would switch off Spring Boot's engine for the web pages.
    private final SpringTemplateEngine templates = new SpringTemplateEngine();

    ResetMailer(JavaMailSender mailSender, MailProperties properties) {
        this.mailSender = mailSender;
        this.properties = properties;
        templates.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 1));
        templates.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 2));
    }

    /**
     * @param maxAttempts rejected passwords after which the link stops working (the reset policy's
     *     {@code maxAttempts}): the mail must not promise a single use when a rejected password leaves the link valid
     */
    void sendResetLink(String to, String name, String link, Duration lifetime, Instant expiresAt, int maxAttempts) {
        sendResetLink(NOTIFICATION_RESET_LINK, to, name, link, lifetime, expiresAt, maxAttempts);
    }

    /**
     * @param notification which reset mail the policy table chose ({@code notification}): one of
     *     {@link #RESET_LINK_NOTIFICATIONS}
     */
    void sendResetLink(String notification, String to, String name, String link, Duration lifetime,
                       Instant expiresAt, int maxAttempts) {
        if (!RESET_LINK_NOTIFICATIONS.contains(notification)) {
            // Becomes the incident's message: the fix is in the table, not in the code.
            throw new IllegalArgumentException("The reset policy (reset-policy.dmn) chose the notification '"
                    + notification + "', which has no mail template; known: " + RESET_LINK_NOTIFICATIONS
                    + ". Correct the table, deploy it, and retry this job.");
        }
        Map<String, Object> model = Map.of(
                "name", name == null ? "" : name,
                "link", link,
                "lifetime", inWords(lifetime),
                "expiresAt", TIME.format(expiresAt),
                "rejectedPasswords", plural(maxAttempts, "rejected password"));
        send(to, "Reset your password", notification, model);
    }

    /** Tells the account's owner that a reset needing approval ended without one; no link is in it. */
    public void sendApprovalExpired(String to, String name, Instant requestedAt) {
        Map<String, Object> model = Map.of(
                "name", name == null ? "" : name,
                "requestedAt", TIME.format(requestedAt));
        send(to, "Your password reset was not approved in time", "approval-expired", model);
    }

    public void sendPasswordChanged(String to, String name, Instant changedAt) {
        Map<String, Object> model = Map.of(
                "name", name == null ? "" : name,
                "changedAt", TIME.format(changedAt));
        send(to, "Your password was changed", "password-changed", model);
    }

    private void send(String to, String subject, String template, Map<String, Object> model) {
        Context context = new Context();
        context.setVariables(model);
        String text = templates.process(template + ".txt", context);
        String html = templates.process(template + ".html", context);
        try {
            MimeMessage message = mailSender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(new InternetAddress(properties.from(), true));
            helper.setTo(new InternetAddress(to, true));
            helper.setSubject(subject);
            helper.setText(text, html);
            mailSender.send(message);
        } catch (MailException e) {
            throw new MailSendException(unsent(template, e));
        } catch (MessagingException e) {
            // The message names the problem, not the content: the content holds the link.
            throw new MailSendException("Could not build the '" + template + "' mail: " + e.getClass().getSimpleName());
        }
    }

    /**
     * What an admin reads in Cockpit's incident: which mail, which server, the root cause in one line, and what to
     * check. Built from names and the cause's class and text only, never from the message (it holds the link), and
     * without the cause attached, so the stored stack trace holds nothing more.
     */
    private String unsent(String template, MailException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof MailSendException send && root == e && !send.getFailedMessages().isEmpty()) {
            root = send.getFailedMessages().values().iterator().next();
        }
        String server = mailSender instanceof JavaMailSenderImpl impl
                ? impl.getHost() + ":" + impl.getPort() : "the configured SMTP server";
        return "Could not send the '" + template + "' mail through " + server + " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + "). Check that the mail server is "
                + "running and reachable from ResetFlow, and spring.mail.host, port, username and password; then "
                + "retry this job (a retry builds the mail afresh).";
    }

    static String inWords(Duration duration) {
        long minutes = Math.max(1, duration.toMinutes());
        if (minutes % 1440 == 0) {
            return plural(minutes / 1440, "day");
        }
        if (minutes % 60 == 0) {
            return plural(minutes / 60, "hour");
        }
        return plural(minutes, "minute");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("mail/");
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setResolvablePatterns(java.util.Set.of("*" + suffix));
        resolver.setOrder(order);
        resolver.setCheckExistence(true);
        return resolver;
    }
}

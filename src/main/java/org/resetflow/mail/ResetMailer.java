package org.resetflow.mail;

import static org.resetflow.PasswordResetProcess.VAR_CLIENT_ADDRESS;
import static org.resetflow.PasswordResetProcess.VAR_REQUESTED_AT;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.resetflow.PasswordResetProcess;
import org.resetflow.config.AddressText;
import org.resetflow.operations.ResetMetrics;
import org.springframework.context.MessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders and sends the reset mails, each as plain text and HTML from one pair of templates whose every sentence
 * comes from {@code messages*.properties}, in the recipient's language and with times in the recipient's zone.
 */
@Service
public class ResetMailer {

    static final String NOTIFICATION_RESET_LINK = "reset-link";
    /** The first password of an account the helpdesk created: "your account was created, choose your password". */
    static final String NOTIFICATION_ACTIVATION = "activation";
    /**
     * The reset mails the policy table may choose ({@code notification}): one template pair ({@code mail/reset-link}),
     * worded by the notification's subject, first sentence and "did you not ask?" message keys.
     */
    private static final Map<String, Wording> WORDINGS = Map.of(
            NOTIFICATION_RESET_LINK, new Wording("mail.reset.subject", "mail.reset.intro", "mail.reset.notYou"),
            "reset-link-repeated", new Wording("mail.reset.subject", "mail.repeated.intro", "mail.repeated.notYou"),
            // After "Revoke and reset": the old password is gone, so no "your password stays as it is".
            "reset-link-revoked", new Wording("mail.revoked.subject", "mail.revoked.intro", "mail.revoked.notYou"),
            NOTIFICATION_ACTIVATION, new Wording(ResetMetrics.MAIL_ACTIVATION, "mail.activation.subject",
                    "mail.activation.intro", "mail.activation.notYou"),
            // The helpdesk's generated password: the link shows a password once; nothing is chosen, nothing rejected.
            "generated-password", new Wording(ResetMetrics.MAIL_GENERATED_PASSWORD, "mail.generated.subject",
                    "mail.generated.intro", "mail.generated.notYou", "mail.generated.action",
                    "mail.generated.openLink", "mail.generated.works", "mail.generated.stops"),
            // A self-service unlock: the link ends a lockout; no password is typed, changed or rejected.
            PasswordResetProcess.NOTIFICATION_UNLOCK_LINK, new Wording(ResetMetrics.MAIL_UNLOCK_LINK,
                    "mail.unlock.subject", "mail.unlock.intro", "mail.unlock.notYou", "mail.unlock.action",
                    "mail.unlock.openLink", "mail.unlock.works", "mail.unlock.stops"));
    static final Set<String> RESET_LINK_NOTIFICATIONS = WORDINGS.keySet();

    /** The unlock notifications that send no link, by the keys of their subject, first sentence and advice. */
    private static final Map<String, String[]> NO_UNLOCK = Map.of(
            PasswordResetProcess.NOTIFICATION_UNLOCK_NOT_OFFERED,
            new String[] {"mail.unlockNotOffered.subject", "mail.unlockNotOffered.text", "mail.unlockNotOffered.advice"},
            PasswordResetProcess.NOTIFICATION_UNLOCK_NOT_NEEDED,
            new String[] {"mail.unlockNotNeeded.subject", "mail.unlockNotNeeded.text", "mail.unlockNotNeeded.advice"});

    /** @param kind what {@code resetflow_mails_total} counts the mail as */
    private record Wording(String kind, String subjectKey, String introKey, String notYouKey, String actionKey,
                           String openLinkKey, String worksKey, String stopsKey) {

        /** A link to choose a password: the reset's own sentences around the notification's first and last. */
        Wording(String subjectKey, String introKey, String notYouKey) {
            this(ResetMetrics.MAIL_RESET_LINK, subjectKey, introKey, notYouKey);
        }

        Wording(String kind, String subjectKey, String introKey, String notYouKey) {
            this(kind, subjectKey, introKey, notYouKey, "mail.reset.action", "mail.reset.openLink",
                    "mail.reset.works", "mail.reset.stops");
        }
    }

    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        // Jakarta Mail 2.1 asks its FactoryFinder for the StreamProvider in every multipart and body part it creates,
        // and without this property that is a ServiceLoader scan of the class path: in the packaged jar it was 6 % of
        // the job executor's CPU under load. Named here, it is one Class.forName. Left alone if an operator set it.
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final JavaMailSender mailSender;
    private final MailProperties properties;
    private final MessageSource messages;
    private final ResetMetrics metrics;
    // Not a bean: a second template engine bean would switch off Spring Boot's engine for the web pages.
    private final SpringTemplateEngine templates = new SpringTemplateEngine();

    ResetMailer(JavaMailSender mailSender, MailProperties properties, MessageSource messages, ResetMetrics metrics) {
        this.mailSender = mailSender;
        this.metrics = metrics;
        this.properties = properties;
        this.messages = messages;
        templates.setTemplateEngineMessageSource(messages);
        templates.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 1));
        templates.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 2));
    }

    /**
     * @param maxAttempts rejected passwords after which the link stops working (the reset policy's
     *     {@code maxAttempts}): the mail must not promise a single use when a rejected password leaves the link valid
     */
    void sendResetLink(Function<String, Object> variables, String link, Duration lifetime, Instant expiresAt,
                       int maxAttempts) {
        sendResetLink(NOTIFICATION_RESET_LINK, variables, link, lifetime, expiresAt, maxAttempts);
    }

    /**
     * @param notification which reset mail the policy table chose ({@code notification}): one of
     *     {@link #RESET_LINK_NOTIFICATIONS}
     */
    void sendResetLink(String notification, Function<String, Object> variables, String link, Duration lifetime,
                       Instant expiresAt, int maxAttempts) {
        sendResetLink(notification, variables, link, lifetime, expiresAt, maxAttempts, null);
    }

    /** @param messageId the mail's Message-ID, the same whenever this mail is sent again; {@code null}: a new one */
    void sendResetLink(String notification, Function<String, Object> variables, String link, Duration lifetime,
                       Instant expiresAt, int maxAttempts, String messageId) {
        if (!RESET_LINK_NOTIFICATIONS.contains(notification)) {
            // Becomes the incident's message: the fix is in the table, not in the code.
            throw new IllegalArgumentException("The reset policy (reset-policy.dmn) chose the notification '"
                    + notification + "', which has no mail template; known: " + RESET_LINK_NOTIFICATIONS
                    + ". Correct the table, deploy it, and retry this job.");
        }
        Recipient to = Recipient.of(variables, properties.timeZone());
        Map<String, Object> model = new HashMap<>();
        model.put("name", to.name() == null ? "" : to.name());
        model.put("link", link);
        model.put("lifetime", inWords(lifetime, to.locale()));
        model.put("expiresAt", time(expiresAt, to));
        model.put("maxAttempts", maxAttempts);
        Wording wording = WORDINGS.get(notification);
        model.put("subjectKey", wording.subjectKey());
        model.put("introKey", wording.introKey());
        model.put("notYouKey", wording.notYouKey());
        model.put("actionKey", wording.actionKey());
        model.put("openLinkKey", wording.openLinkKey());
        model.put("worksKey", wording.worksKey());
        model.put("stopsKey", wording.stopsKey());
        send(to, wording.subjectKey(), "reset-link", model, messageId);
        metrics.mailed(wording.kind());
    }

    /**
     * Tells the owner of an account that asked for an unlock why there is none: not offered for this account (the
     * helpdesk can help), or not needed (not locked: a forgotten password is a reset, asked for at
     * {@code requestPage}). No link is in it.
     *
     * @param notification the policy table's {@code unlock-not-offered} or {@code unlock-not-needed}
     */
    public void sendNoUnlock(String notification, Function<String, Object> variables, String requestPage,
                             String messageId) {
        String[] keys = NO_UNLOCK.get(notification);
        if (keys == null) {
            throw new IllegalArgumentException("The reset policy (reset-policy.dmn) chose the notification '"
                    + notification + "' for an unlock that sends no link; known: " + NO_UNLOCK.keySet()
                    + ". Correct the table, deploy it, and retry this job.");
        }
        Recipient to = Recipient.of(variables, properties.timeZone());
        Map<String, Object> model = new HashMap<>();
        model.put("name", to.name() == null ? "" : to.name());
        model.put("subjectKey", keys[0]);
        model.put("textKey", keys[1]);
        model.put("adviceKey", keys[2]);
        model.put("requestPage", requestPage);
        send(to, keys[0], "no-unlock", model, messageId);
        metrics.mailed(ResetMetrics.MAIL_NO_UNLOCK);
    }

    /**
     * The unlock's confirmation: when the account was unlocked, and when and from which network it was asked for, so
     * an owner who did not ask sees it.
     */
    public void sendAccountUnlocked(Function<String, Object> variables, Instant unlockedAt, String messageId) {
        Recipient to = Recipient.of(variables, properties.timeZone());
        Map<String, Object> model = new HashMap<>();
        model.put("name", to.name() == null ? "" : to.name());
        model.put("unlockedAt", time(unlockedAt, to));
        Object requestedAt = variables.apply(VAR_REQUESTED_AT);
        model.put("requestedAt", requestedAt instanceof Date date ? time(date.toInstant(), to) : null);
        model.put("network", variables.apply(VAR_CLIENT_ADDRESS) instanceof String address
                ? AddressText.shortForm(address) : null);
        send(to, "mail.unlocked.subject", "account-unlocked", model, messageId);
        metrics.mailed(ResetMetrics.MAIL_UNLOCKED);
    }

    /** Tells the account's owner that a reset needing approval ended without one; no link is in it. */
    public void sendApprovalExpired(Function<String, Object> variables) {
        Recipient to = Recipient.of(variables, properties.timeZone());
        Map<String, Object> model = new HashMap<>();
        model.put("name", to.name() == null ? "" : to.name());
        Object requestedAt = variables.apply(VAR_REQUESTED_AT);
        model.put("requestedAt", requestedAt instanceof Date date ? time(date.toInstant(), to) : "");
        send(to, "mail.approvalExpired.subject", "approval-expired", model);
        metrics.mailed(ResetMetrics.MAIL_APPROVAL_EXPIRED);
    }

    /**
     * The confirmation: when the password changed, and when and from which network the reset was asked for, so an
     * owner who did not ask sees it. {@code variables} are the reset's (live or from history).
     */
    public void sendPasswordChanged(Function<String, Object> variables, Instant changedAt) {
        sendPasswordChanged(variables, changedAt, null);
    }

    /** @param messageId the mail's Message-ID, the same whenever this mail is sent again; {@code null}: a new one */
    public void sendPasswordChanged(Function<String, Object> variables, Instant changedAt, String messageId) {
        Recipient to = Recipient.of(variables, properties.timeZone());
        Map<String, Object> model = new HashMap<>();
        model.put("name", to.name() == null ? "" : to.name());
        model.put("changedAt", time(changedAt, to));
        Object requestedAt = variables.apply(VAR_REQUESTED_AT);
        model.put("requestedAt", requestedAt instanceof Date date ? time(date.toInstant(), to) : null);
        // Short form also for a reset started while addresses were stored as Java writes them (0:0:0:0:0:0:0:1).
        model.put("network", variables.apply(VAR_CLIENT_ADDRESS) instanceof String address
                ? AddressText.shortForm(address) : null);
        send(to, "mail.changed.subject", "password-changed", model, messageId);
        metrics.mailed(ResetMetrics.MAIL_CONFIRMATION);
    }

    private void send(Recipient to, String subjectKey, String template, Map<String, Object> model) {
        send(to, subjectKey, template, model, null);
    }

    private void send(Recipient to, String subjectKey, String template, Map<String, Object> model, String messageId) {
        Context context = new Context(to.locale());
        context.setVariables(model);
        String text = templates.process(template + ".txt", context);
        String html = templates.process(template + ".html", context);
        try {
            MimeMessage message = mailSender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(new InternetAddress(properties.from(), true));
            helper.setTo(new InternetAddress(to.address(), true));
            helper.setSubject(messages.getMessage(subjectKey, null, to.locale()));
            helper.setText(text, html);
            message.setHeader("Content-Language", to.locale().toLanguageTag());
            if (messageId != null) {
                // JavaMailSenderImpl keeps a Message-ID that was set: a resend is then the same message to mail systems.
                message.setHeader("Message-ID", messageId);
            }
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

    /** A date and time as people of that language write it, with the zone named in words: never a bare "12:00". */
    static String time(Instant instant, Recipient to) {
        DateTimeFormatter format = new DateTimeFormatterBuilder()
                .append(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT))
                .appendLiteral(" (")
                .appendZoneText(TextStyle.FULL)
                .appendLiteral(')')
                .toFormatter(to.locale());
        return format.format(instant.atZone(to.zone()));
    }

    String inWords(Duration duration, Locale locale) {
        long minutes = Math.max(1, duration.toMinutes());
        if (minutes % 1440 == 0) {
            return messages.getMessage("mail.duration.days", new Object[] {minutes / 1440}, locale);
        }
        if (minutes % 60 == 0) {
            return messages.getMessage("mail.duration.hours", new Object[] {minutes / 60}, locale);
        }
        return messages.getMessage("mail.duration.minutes", new Object[] {minutes}, locale);
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("mail/");
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setResolvablePatterns(Set.of("*" + suffix));
        resolver.setOrder(order);
        resolver.setCheckExistence(true);
        return resolver;
    }
}

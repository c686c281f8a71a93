package org.resetflow.demo;

import java.io.IOException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * What the inbox page shows of one received message; everything is plain text for the template to escape.
 *
 * @param index position in {@link DemoMailbox#messages()}, stable while mail keeps arriving
 * @param body the plain-text part cut into text and link segments, empty if there is none
 * @param problem why the message could not be read completely, {@code null} if it could
 */
record InboxMessage(int index, String from, String to, String subject, String sentIso, String sentText,
        List<TextSegment> body, boolean hasText, boolean hasHtml, String problem) {

    static InboxMessage of(int index, MimeMessage message, ZoneId zone) {
        String from = "";
        String to = "";
        String subject = "";
        String sentIso = null;
        String sentText = null;
        try {
            from = addresses(message.getFrom());
            to = addresses(message.getRecipients(Message.RecipientType.TO));
            subject = Optional.ofNullable(message.getSubject()).orElse("(no subject)");
            Date sent = message.getSentDate();
            if (sent != null) {
                ZonedDateTime time = sent.toInstant().atZone(zone);
                sentIso = time.toOffsetDateTime().toString();
                sentText = DemoPages.TIME_FORMAT.format(time);
            }
            Optional<String> text = MailParts.first(message, "text/plain");
            boolean hasHtml = MailParts.first(message, "text/html").isPresent();
            List<TextSegment> body = text.map((plain) -> TextSegment.split(plain.replace("\r\n", "\n")))
                .orElse(List.of());
            return new InboxMessage(index, from, to, subject, sentIso, sentText, body, text.isPresent(), hasHtml,
                    null);
        }
        catch (MessagingException | IOException | RuntimeException ex) {
            // One unreadable message (odd charset, broken MIME) must not take the whole inbox page down.
            return new InboxMessage(index, from, to, subject, sentIso, sentText, List.of(), false, false,
                    "This message could not be read: " + ex.getMessage());
        }
    }

    private static String addresses(Address[] addresses) {
        if (addresses == null) {
            return "";
        }
        return Arrays.stream(addresses)
            .map((address) -> (address instanceof InternetAddress internet) ? internet.toUnicodeString()
                    : address.toString())
            .collect(Collectors.joining(", "));
    }

}

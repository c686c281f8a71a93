package org.resetflow.demo;

import java.time.ZoneOffset;
import java.util.Date;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.mail.javamail.MimeMessageHelper;

import static org.assertj.core.api.Assertions.assertThat;

class InboxMessageTest {

    private final Session session = Session.getInstance(new Properties());

    @Test
    void shouldReadPlainTextAndNoticeHtmlPartInMultipartMessage() throws Exception {
        // Given a multipart/alternative message with an attachment around it
        MimeMessage message = new MimeMessage(this.session);
        MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
        helper.setFrom("noreply@resetflow.example");
        helper.setTo("alice@example.org");
        helper.setSubject("Réinitialiser");
        helper.setSentDate(Date.from(java.time.Instant.parse("2025-03-04T05:06:07Z")));
        helper.setText("Open https://r.example/t?x=1 now", "<p>Open <a href=\"https://r.example/t?x=1\">it</a></p>");
        helper.addAttachment("notes.txt", () -> new java.io.ByteArrayInputStream("not the body".getBytes()),
                "text/plain");
        message.saveChanges();

        // When turning it into an inbox entry
        InboxMessage view = InboxMessage.of(3, message, ZoneOffset.UTC);

        // Then the plain-text part (not the attachment) is shown with its link, and the HTML part is noticed
        assertThat(view.index()).isEqualTo(3);
        assertThat(view.to()).isEqualTo("alice@example.org");
        assertThat(view.from()).isEqualTo("noreply@resetflow.example");
        assertThat(view.subject()).isEqualTo("Réinitialiser");
        assertThat(view.sentIso()).isEqualTo("2025-03-04T05:06:07Z");
        assertThat(view.sentText()).isEqualTo("2025-03-04 05:06:07 Z");
        assertThat(view.hasText()).isTrue();
        assertThat(view.hasHtml()).isTrue();
        assertThat(view.problem()).isNull();
        assertThat(view.body()).containsExactly(new TextSegment("Open ", null),
                new TextSegment("https://r.example/t?x=1", "https://r.example/t?x=1"), new TextSegment(" now", null));
    }

    @Test
    void shouldReportHtmlOnlyMessageAsWithoutText() throws Exception {
        // Given a message with only an HTML body
        MimeMessage message = new MimeMessage(this.session);
        message.setContent("<p>Hi</p>", "text/html; charset=UTF-8");
        message.saveChanges();
        // saveChanges() adds a Date header; a message without one must still render
        message.removeHeader("Date");

        // When turning it into an inbox entry
        InboxMessage view = InboxMessage.of(0, message, ZoneOffset.UTC);

        // Then there is no text, but an HTML part, and placeholders for missing headers
        assertThat(view.hasText()).isFalse();
        assertThat(view.hasHtml()).isTrue();
        assertThat(view.body()).isEmpty();
        assertThat(view.subject()).isEqualTo("(no subject)");
        assertThat(view.to()).isEmpty();
        assertThat(view.sentIso()).isNull();
    }

}

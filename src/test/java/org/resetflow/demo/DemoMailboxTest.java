package org.resetflow.demo;

import java.util.List;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

class DemoMailboxTest {

    private final DemoMailbox mailbox = new DemoMailbox(0);

    @BeforeEach
    void start() {
        this.mailbox.start();
    }

    @AfterEach
    void stop() {
        this.mailbox.stop();
    }

    @Test
    void shouldReceiveMailSentThroughTheConfiguredSender() throws Exception {
        // Given the mail sender the demo configuration builds for a mailbox on a free port
        assertThat(this.mailbox.smtpPort()).isPositive();
        JavaMailSenderImpl sender = new DemoMailConfiguration().mailSender(this.mailbox, new DemoOutages());
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom("noreply@resetflow.example");
        mail.setTo("bob@example.org");
        mail.setSubject("Hello");
        mail.setText("Grüße");

        // When sending a mail
        sender.send(mail);

        // Then the mailbox has it, and purging empties it
        List<MimeMessage> messages = this.mailbox.messages();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).getSubject()).isEqualTo("Hello");
        assertThat(messages.get(0).getContent()).asString().contains("Grüße");
        this.mailbox.purge();
        assertThat(this.mailbox.messages()).isEmpty();
    }

    @Test
    void shouldListMessagesInOrderOfArrivalAcrossMailboxes() throws Exception {
        // Given mails to several recipients, one of them twice (GreenMail keeps one mailbox per recipient)
        JavaMailSenderImpl sender = new DemoMailConfiguration().mailSender(this.mailbox, new DemoOutages());
        for (String to : List.of("zed@example.org", "carol@example.org", "alice@example.org", "carol@example.org")) {
            SimpleMailMessage mail = new SimpleMailMessage();
            mail.setFrom("noreply@resetflow.example");
            mail.setTo(to);
            mail.setSubject("to " + to);
            mail.setText("x");
            sender.send(mail);
        }

        // When listing the messages
        List<String> subjects = new java.util.ArrayList<>();
        for (MimeMessage message : this.mailbox.messages()) {
            subjects.add(message.getSubject());
        }

        // Then they come in the order they were sent, not grouped by mailbox
        assertThat(subjects).containsExactly("to zed@example.org", "to carol@example.org", "to alice@example.org",
                "to carol@example.org");
    }

    @Test
    void shouldListenOnLoopbackOnly() {
        // Given a started mailbox

        // When asking where it listens / Then it is the loopback address
        assertThat(this.mailbox.smtpHost()).isEqualTo("127.0.0.1");
    }

}

package org.resetflow.operations;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * {@code mail}: connects to the SMTP server as the mails do (TLS and login included) and sends {@code NOOP}; up when
 * it answers 250. Named like Spring Boot's own indicator, which it replaces: that one only connects.
 */
@Component("mailHealthIndicator")
class MailServerHealthIndicator extends AbstractHealthIndicator {

    private final JavaMailSenderImpl mailSender;

    MailServerHealthIndicator(JavaMailSenderImpl mailSender) {
        super("Mail server health check failed");
        this.mailSender = mailSender;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws MessagingException {
        builder.withDetail("location", mailSender.getHost() + ":" + mailSender.getPort());
        Transport transport = mailSender.getSession().getTransport(protocol());
        try {
            transport.connect(mailSender.getHost(), mailSender.getPort(), mailSender.getUsername(),
                    mailSender.getPassword());
            int reply = transport instanceof SMTPTransport smtp ? smtp.simpleCommand("NOOP") : 250;
            builder.withDetail("noop", reply);
            if (reply == 250) {
                builder.up();
            } else {
                builder.down();
            }
        } finally {
            transport.close();
        }
    }

    private String protocol() {
        return mailSender.getProtocol() == null ? "smtp" : mailSender.getProtocol();
    }
}

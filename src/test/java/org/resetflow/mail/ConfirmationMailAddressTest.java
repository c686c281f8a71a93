package org.resetflow.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_DISPLAY_NAME;
import static org.resetflow.PasswordResetProcess.VAR_ACCOUNT_EMAIL;
import static org.resetflow.PasswordResetProcess.VAR_CLIENT_ADDRESS;
import static org.resetflow.PasswordResetProcess.VAR_REQUESTED_AT;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.resetflow.TestSmtp;
import org.resetflow.operations.ResetMetrics;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The confirmation mail names where the reset was asked from as people write addresses (RFC 5952 for IPv6), also for
 * a reset started before ResetFlow stored them that way, whose variable still holds Java's long form.
 */
class ConfirmationMailAddressTest {

    private ResetMailer mailer;

    @BeforeEach
    void mailer() {
        TestSmtp.purge();
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(TestSmtp.server().getSmtp().getPort());
        mailer = new ResetMailer(sender, new MailProperties("ResetFlow <no-reply@resetflow.local>", ZoneId.of("UTC")),
                ResetMailerTest.messages(), new ResetMetrics(new SimpleMeterRegistry()));
    }

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource({
            "0:0:0:0:0:0:0:1, ::1",
            "2001:db8:0:0:0:0:0:1, 2001:db8::1",
            "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "192.0.2.1, 192.0.2.1"})
    void shouldShowTheRequestersAddressInItsShortForm(String stored, String shown) throws Exception {
        // Given a reset asked for from an address, stored as the variable holds it
        Map<String, Object> variables = new HashMap<>();
        variables.put(VAR_ACCOUNT_EMAIL, "alice@example.org");
        variables.put(VAR_ACCOUNT_DISPLAY_NAME, "Alice Adams");
        variables.put(VAR_REQUESTED_AT, Date.from(Instant.parse("2026-01-01T12:00:00Z")));
        variables.put(VAR_CLIENT_ADDRESS, stored);

        // When the confirmation is sent
        mailer.sendPasswordChanged(variables::get, Instant.parse("2026-01-01T12:05:00Z"));

        // Then its text and HTML parts both name the address in its short form
        MimeMessage mail = TestSmtp.awaitMessages(1)[0];
        String text = TestSmtp.text(mail);
        assertThat(text.split("from the network " + shown.replace(".", "\\.") + "\\.", -1))
                .as("text and HTML part each name " + shown).hasSize(3);
    }
}

package org.resetflow.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.resetflow.TestSmtp;
import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.DirectoryConfigurationException;
import org.resetflow.directory.DirectoryException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Each indicator says down when its system is, and why, without waiting for retries. */
class HealthIndicatorsTest {

    @Test
    void shouldReportTheMailServerUpWhenItAnswersNoop() {
        Health health = new MailServerHealthIndicator(sender(TestSmtp.server().getSmtp().getPort())).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("noop", 250);
    }

    @Test
    void shouldReportTheMailServerDownWhenNothingListens() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        Health health = new MailServerHealthIndicator(sender(closed)).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void shouldReportTheDirectoryUpWhenItAnswers() {
        assertThat(new DirectoryHealthIndicator(directory(null)).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void shouldTellRefusedCredentialsFromAnOutage() {
        Health refused = new DirectoryHealthIndicator(directory(
                new DirectoryConfigurationException("Directory x refused ResetFlow's credentials", 401))).health();
        Health outage = new DirectoryHealthIndicator(directory(
                new DirectoryException("Directory x failed to check the directory: HTTP 503", 503))).health();

        assertThat(refused.getStatus()).isEqualTo(Status.DOWN);
        assertThat(refused.getDetails()).containsEntry("problem", "credentials refused").containsEntry("status", 401);
        assertThat(outage.getStatus()).isEqualTo(Status.DOWN);
        assertThat(outage.getDetails()).containsEntry("status", 503);
    }

    private static JavaMailSenderImpl sender(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "2000");
        return sender;
    }

    /** A directory whose check fails with {@code failure}, or succeeds when it is null. */
    private static Directory directory(RuntimeException failure) {
        return new Directory() {
            @Override
            public void checkReachable() {
                if (failure != null) {
                    throw failure;
                }
            }

            @Override
            public List<DirectoryAccount> findByUserName(String userName) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<DirectoryAccount> findByEmail(String email) {
                throw new UnsupportedOperationException();
            }

            @Override
            public DirectoryAccount readAccount(String accountId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void setPassword(String accountId, String newPassword) {
                throw new UnsupportedOperationException();
            }
        };
    }
}

package org.resetflow.demo;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;

import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The sender pointed at the demo mail server. While the mail outage switch is on it cannot connect, as when a real
 * mail server is down: the send fails the way Spring reports a refused connection, so the reset mail's job retries and
 * ends in an incident like in production.
 */
class DemoMailSender extends JavaMailSenderImpl {

    private final DemoOutages outages;

    DemoMailSender(DemoOutages outages) {
        this.outages = outages;
    }

    @Override
    protected Transport connectTransport() throws MessagingException {
        if (this.outages.mailDown()) {
            throw new MessagingException("Connection refused: the demo mail server's outage switch on "
                    + "/demo/directory is on");
        }
        return super.connectTransport();
    }

}

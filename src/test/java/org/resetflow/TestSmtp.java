package org.resetflow;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real SMTP server (GreenMail) for the whole test run, on a free port. It starts before any Spring context so
 * {@code spring.mail.port} can point at it; tests purge it before each scenario.
 */
public final class TestSmtp {

    private static final GreenMail SERVER = start();

    private TestSmtp() {
    }

    public static GreenMail server() {
        return SERVER;
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SERVER.getSmtp().getPort());
    }

    public static void purge() {
        try {
            SERVER.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("Could not empty the test mailboxes", e);
        }
    }

    private static GreenMail start() {
        GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop));
        return greenMail;
    }
}

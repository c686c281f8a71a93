package org.resetflow.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo mail server: a GreenMail SMTP server on the loopback interface that accepts mail for any address and
 * keeps it in memory.
 *
 * <p>It binds to 127.0.0.1 only, so the open, unauthenticated server is never reachable from the network.
 */
public final class DemoMailbox {

    static final String HOST = "127.0.0.1";

    private static final Logger logger = LoggerFactory.getLogger(DemoMailbox.class);

    private final GreenMail greenMail;

    /** @param port SMTP port, 0 for any free one */
    DemoMailbox(int port) {
        this.greenMail = new GreenMail(new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP));
    }

    /**
     * Every message received so far, oldest first. GreenMail files one copy per recipient mailbox, so a message
     * sent to two addresses appears twice.
     */
    public List<MimeMessage> messages() {
        // GreenMail#getReceivedMessages() lists mailbox by mailbox, not in order of arrival; the store's receive
        // time (milliseconds) is what tells which mail came last.
        List<StoredMessage> stored = new ArrayList<>(
                this.greenMail.getManagers().getImapHostManager().getAllMessages());
        stored.sort(Comparator.comparing(StoredMessage::getReceivedDate,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        return stored.stream().map(StoredMessage::getMimeMessage).toList();
    }

    /** Deletes every received message. */
    public void purge() {
        try {
            this.greenMail.purgeEmailFromAllMailboxes();
        }
        catch (FolderException ex) {
            throw new IllegalStateException("Cannot purge the demo mailbox", ex);
        }
    }

    void start() {
        this.greenMail.start();
        logger.info("Demo SMTP server listening on {}:{}", smtpHost(), smtpPort());
    }

    void stop() {
        this.greenMail.stop();
    }

    /** The address actually bound, as GreenMail reports it. */
    String smtpHost() {
        return this.greenMail.getSmtp().getBindTo();
    }

    /** The port actually bound, which differs from the configured one when that was 0. */
    int smtpPort() {
        return this.greenMail.getSmtp().getPort();
    }

}

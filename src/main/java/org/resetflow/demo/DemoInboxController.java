package org.resetflow.demo;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * Shows what the demo mail server received, so a newcomer can follow the reset link without a mail client.
 */
@Controller
@ConditionalOnDemoMode
class DemoInboxController {

    private final DemoMailbox mailbox;

    private final ObjectProvider<DemoDirectory> directory;

    DemoInboxController(DemoMailbox mailbox, ObjectProvider<DemoDirectory> directory) {
        this.mailbox = mailbox;
        this.directory = directory;
    }

    @GetMapping("/demo/inbox")
    String inbox(Model model) {
        List<MimeMessage> messages = this.mailbox.messages();
        List<InboxMessage> newestFirst = new ArrayList<>();
        for (int i = messages.size() - 1; i >= 0; i--) {
            newestFirst.add(InboxMessage.of(i, messages.get(i), ZoneId.systemDefault()));
        }
        model.addAttribute("messages", newestFirst);
        addNavigation(model);
        return "demo/inbox";
    }

    /**
     * The HTML part in a sandboxed iframe: mail HTML is foreign content, so it gets an opaque origin and neither
     * scripts, forms nor pop-ups.
     */
    @GetMapping("/demo/inbox/{index}/html")
    String html(@PathVariable int index, Model model) throws MessagingException, IOException {
        List<MimeMessage> messages = this.mailbox.messages();
        if (index < 0 || index >= messages.size()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No message " + index);
        }
        MimeMessage message = messages.get(index);
        String html = MailParts.first(message, "text/html")
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "Message has no HTML part"));
        model.addAttribute("message", InboxMessage.of(index, message, ZoneId.systemDefault()));
        model.addAttribute("html", html);
        addNavigation(model);
        return "demo/inbox-html";
    }

    private void addNavigation(Model model) {
        model.addAttribute("inboxAvailable", true);
        model.addAttribute("directoryAvailable", this.directory.getIfAvailable() != null);
    }

}

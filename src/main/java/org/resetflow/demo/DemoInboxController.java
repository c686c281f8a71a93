package org.resetflow.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

    private static final Pattern HEAD = Pattern.compile("<head(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);

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
     * The page around the HTML part: the mail itself comes from {@link #mail} into a sandboxed iframe, because mail
     * HTML is foreign content that gets an opaque origin, no scripts, forms or pop-ups.
     */
    @GetMapping("/demo/inbox/{index}/html")
    String html(@PathVariable int index, Model model) throws MessagingException, IOException {
        MimeMessage message = message(index);
        htmlPart(message); // 404 here already for a mail without one, not an empty frame
        model.addAttribute("message", InboxMessage.of(index, message, ZoneId.systemDefault()));
        addNavigation(model);
        return "demo/inbox-html";
    }

    /**
     * The HTML part as a mail program shows it, for the iframe only. Its own policy ({@link DemoMailViewSecurity})
     * lets the mail's inline styles apply but runs no script; a srcdoc frame would inherit the page's policy, which
     * refuses inline styles. Its links open at the top, as a mail program opens them in the browser: inside the
     * frame the reset page would refuse to be framed.
     */
    @GetMapping("/demo/inbox/{index}/mail")
    ResponseEntity<String> mail(@PathVariable int index) throws MessagingException, IOException {
        String html = linksOpenAtTheTop(htmlPart(message(index)));
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(html);
    }

    /** The mail's HTML with {@code <base target="_top">} first in its head (or first of all without one). */
    static String linksOpenAtTheTop(String html) {
        String base = "<base target=\"_top\">";
        Matcher head = HEAD.matcher(html);
        if (head.find()) {
            return html.substring(0, head.end()) + base + html.substring(head.end());
        }
        return base + html;
    }

    private MimeMessage message(int index) {
        List<MimeMessage> messages = this.mailbox.messages();
        if (index < 0 || index >= messages.size()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No message " + index);
        }
        return messages.get(index);
    }

    private static String htmlPart(MimeMessage message) throws MessagingException, IOException {
        return MailParts.first(message, "text/html")
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "Message has no HTML part"));
    }

    private void addNavigation(Model model) {
        model.addAttribute("inboxAvailable", true);
        model.addAttribute("directoryAvailable", this.directory.getIfAvailable() != null);
    }

}

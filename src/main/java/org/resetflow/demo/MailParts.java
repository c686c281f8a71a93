package org.resetflow.demo;

import java.io.IOException;
import java.util.Optional;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

/** Finds the readable body parts of a MIME message, wherever a multipart structure puts them. */
final class MailParts {

    private MailParts() {
    }

    /**
     * The first inline part of the given type ({@code text/plain}, {@code text/html}), searched depth-first so
     * {@code multipart/mixed} around {@code multipart/alternative} works; attachments are skipped because a
     * text file attached to a mail is not its body.
     */
    static Optional<String> first(Part part, String mimeType) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return Optional.empty();
        }
        if (part.isMimeType(mimeType)) {
            return (part.getContent() instanceof String text) ? Optional.of(text) : Optional.empty();
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                Optional<String> found = first(multipart.getBodyPart(i), mimeType);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

}

package dev.tillbridge.notifier.service;

import java.util.List;
import java.util.Objects;

/**
 * One mail ready for SMTP. Every header value here was built by the notifier from checked parts: recipients
 * passed {@link Recipients}, the subject {@link HeaderText}, the Message-ID is a hash, and the unsubscribe
 * link is the configured settings URL with the account id URL-encoded.
 */
public record OutgoingMail(
        String messageId, List<String> to, String subject, String text, String html, String listUnsubscribe) {

    public OutgoingMail {
        Objects.requireNonNull(messageId, "messageId is required");
        Objects.requireNonNull(subject, "subject is required");
        to = List.copyOf(to);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("a mail needs at least one recipient");
        }
    }
}

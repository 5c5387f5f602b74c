package dev.tillbridge.notifier.service;

/** Hands a mail to the SMTP server; returns once the server accepted it, throws when it did not. */
@FunctionalInterface
public interface MailTransport {

    void send(OutgoingMail mail) throws MailDeliveryException;

    /** The SMTP server did not take the mail (down, refused, timed out): try again later. */
    class MailDeliveryException extends Exception {
        public MailDeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

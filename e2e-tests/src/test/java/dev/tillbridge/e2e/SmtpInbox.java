package dev.tillbridge.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Locale;

/**
 * A real SMTP server (GreenMail) on a free port, for the notifier process to mail: the account owner's inbox.
 * The same pattern as the notifier's own tests ({@code notifier/.../support/SmtpServer}).
 */
final class SmtpInbox implements AutoCloseable {

    /** One delivered mail, read once: subject, plain-text body, and the Date header the sender set. */
    record Mail(String subject, String text, Instant sentAt) {}

    private final GreenMail greenMail;
    private final int port;

    private SmtpInbox(int port) {
        this.port = port;
        this.greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    static SmtpInbox start() {
        SmtpInbox inbox = new SmtpInbox(freePort());
        inbox.greenMail.start();
        return inbox;
    }

    int port() {
        return port;
    }

    /**
     * Every mail delivered to {@code address}, oldest first. GreenMail's store is not safe to read while a mail is
     * being delivered (ConcurrentModificationException), so a read that collides with a delivery is done again.
     */
    List<Mail> mailsTo(String address) {
        String wanted = address.toLowerCase(Locale.ROOT);
        for (int attempt = 1; ; attempt++) {
            try {
                List<Mail> mails = new ArrayList<>();
                greenMail
                        .findReceivedMessages(
                                user -> user.getEmail().toLowerCase(Locale.ROOT).equals(wanted), message -> true)
                        .forEach(message -> mails.add(read(message)));
                mails.sort(Comparator.comparing(Mail::sentAt));
                return mails;
            } catch (ConcurrentModificationException e) {
                if (attempt >= 50) {
                    throw e;
                }
            }
        }
    }

    private static Mail read(MimeMessage message) {
        try {
            List<String> text = new ArrayList<>();
            collect(message, "text/plain", text);
            return new Mail(
                    message.getSubject(),
                    String.join("\n", text),
                    message.getSentDate().toInstant());
        } catch (MessagingException e) {
            throw new IllegalStateException("Unreadable mail", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(Part part, String mimeType, List<String> found) throws MessagingException, IOException {
        if (part.isMimeType(mimeType)) {
            found.add(part.getContent().toString());
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, mimeType, found);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the SMTP server", e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}

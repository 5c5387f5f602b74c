package dev.tillbridge.infra;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A real SMTP server (GreenMail) on 127.0.0.1, for the notifier to mail, and the inbox of what it delivered. The
 * notifier's own tests and the end-to-end tests both read their mails here. It can be stopped ("SMTP is down") and
 * started again on the same port.
 */
public final class SmtpInbox implements AutoCloseable {

    /** One delivered mail, read once: subject, plain-text body, and the Date header the sender set. */
    public record Mail(String subject, String text, Instant sentAt) {}

    private static final int READ_ATTEMPTS = 50;

    private final int port;
    private GreenMail greenMail;

    private SmtpInbox(int port) {
        this.port = port;
    }

    /** A server on a free port, started. */
    public static SmtpInbox start() {
        return start(freePort());
    }

    /** A server on {@code port}, started. */
    public static SmtpInbox start(int port) {
        SmtpInbox inbox = new SmtpInbox(port);
        inbox.ensureRunning();
        return inbox;
    }

    /** A free port on this machine, for a server started later ({@link #start(int)}). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the SMTP server", e);
        }
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return greenMail != null && greenMail.isRunning();
    }

    /** Starts the server again after {@link #stop()}, on the same port, with an empty store. */
    public synchronized void ensureRunning() {
        if (!isRunning()) {
            greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
        }
    }

    /** SMTP is down: connections are refused until {@link #ensureRunning()}. */
    public synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Every delivered copy whose envelope recipient is {@code address} (GreenMail keeps one per RCPT TO). */
    public List<MimeMessage> messagesTo(String address) {
        String wanted = address.toLowerCase(Locale.ROOT);
        return read(() -> server() == null
                ? List.of()
                : server().findReceivedMessages(
                                user -> user.getEmail().toLowerCase(Locale.ROOT).equals(wanted), message -> true)
                        .toList());
    }

    /** Every delivered copy for any address at {@code domain}. */
    public List<MimeMessage> messagesForDomain(String domain) {
        return read(() -> server() == null ? List.of() : Arrays.asList(server().getReceivedMessagesForDomain(domain)));
    }

    /** Every mail delivered to {@code address}, read, oldest first (by the Date header). */
    public List<Mail> mailsTo(String address) {
        List<Mail> mails = new ArrayList<>();
        messagesTo(address).forEach(message -> mails.add(mail(message)));
        mails.sort(Comparator.comparing(Mail::sentAt));
        return mails;
    }

    /** The message's subject, plain-text body and Date header. */
    public static Mail mail(MimeMessage message) {
        try {
            return new Mail(
                    message.getSubject(),
                    String.join("\n", parts(message, "text/plain")),
                    message.getSentDate().toInstant());
        } catch (MessagingException e) {
            throw new IllegalStateException("Unreadable mail", e);
        }
    }

    public static List<String> recipients(MimeMessage message) {
        try {
            Address[] all = message.getAllRecipients();
            return all == null
                    ? List.of()
                    : Arrays.stream(all).map(Address::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded body part of the given type ({@code text/plain} or {@code text/html}). */
    public static String body(MimeMessage message, String mimeType) {
        List<String> found = parts(message, mimeType);
        if (found.isEmpty()) {
            throw new AssertionError(
                    "no " + mimeType + " part in " + mail(message).subject());
        }
        return String.join("\n", found);
    }

    private synchronized GreenMail server() {
        return greenMail;
    }

    /**
     * GreenMail's store is not safe to read while a mail is being delivered (ConcurrentModificationException), so a
     * read that collides with a delivery is done again.
     */
    private static <T> T read(Supplier<T> reading) {
        for (int attempt = 1; ; attempt++) {
            try {
                return reading.get();
            } catch (ConcurrentModificationException e) {
                if (attempt >= READ_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static List<String> parts(MimeMessage message, String mimeType) {
        try {
            List<String> found = new ArrayList<>();
            collect(message, mimeType, found);
            return found;
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
}

package dev.tillbridge.notifier.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The real SMTP server of the tests: one GreenMail on the port {@link SmtpPortResource} chose, shared by all
 * test classes of the application. Tests can stop it ("SMTP is down") and start it again on the same port.
 */
public final class SmtpServer {

    private static GreenMail greenMail;

    private SmtpServer() {}

    public static synchronized GreenMail ensureRunning() {
        if (greenMail == null || !greenMail.isRunning()) {
            int port = ConfigProvider.getConfig().getValue("quarkus.mailer.port", Integer.class);
            greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
        }
        return greenMail;
    }

    public static synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    static synchronized void stopIfRunning() {
        if (greenMail != null && greenMail.isRunning()) {
            greenMail.stop();
        }
        greenMail = null;
    }

    /** Every delivered copy whose envelope recipient is {@code address} (GreenMail keeps one per RCPT TO). */
    public static synchronized List<MimeMessage> messagesTo(String address) {
        if (greenMail == null) {
            return List.of();
        }
        String wanted = address.toLowerCase(Locale.ROOT);
        return greenMail
                .findReceivedMessages(
                        user -> user.getEmail().toLowerCase(Locale.ROOT).equals(wanted), message -> true)
                .toList();
    }

    /** Every delivered copy for any address at {@code domain}. */
    public static synchronized List<MimeMessage> messagesForDomain(String domain) {
        return greenMail == null ? List.of() : Arrays.asList(greenMail.getReceivedMessagesForDomain(domain));
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
        try {
            List<String> found = new ArrayList<>();
            collect(message, mimeType, found);
            if (found.isEmpty()) {
                throw new AssertionError("no " + mimeType + " part in " + message.getSubject());
            }
            return String.join("\n", found);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
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

package dev.tillbridge.notifier.client;

import dev.tillbridge.notifier.config.NotifierConfig;
import dev.tillbridge.notifier.service.MailTransport;
import dev.tillbridge.notifier.service.OutgoingMail;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.TimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * SMTP through quarkus-mailer (host, port, TLS and credentials are {@code quarkus.mailer.*} settings). It is
 * only ever called from the scheduler's worker thread, never from a Kafka consumer, and waits for the server's
 * answer at most {@code tillbridge.notifier.send-timeout}.
 *
 * <p>A send that gets no answer at all within that time is tried once more at once. The Vert.x mail client under
 * quarkus-mailer now and then never starts the SMTP dialogue of a send (no connection, no command: seen in about one
 * send in 30 right after the server came back, quarkusio/quarkus#46216 reports it in production); the next send
 * goes out. A server that is really stuck fails both tries, and the mail stays due with its back-off. Sending again
 * adds no new risk of a repeat: a mail the server took without our seeing the answer is repeated by the next attempt
 * anyway, with the same Message-ID.
 */
@ApplicationScoped
public class SmtpMailTransport implements MailTransport {

    private static final Logger LOG = Logger.getLogger(SmtpMailTransport.class);

    private final ReactiveMailer mailer;
    private final Duration timeout;

    public SmtpMailTransport(ReactiveMailer mailer, NotifierConfig config) {
        this.mailer = mailer;
        this.timeout = config.sendTimeout();
    }

    @Override
    public void send(OutgoingMail outgoing) throws MailDeliveryException {
        try {
            Mail mail = new Mail()
                    .setTo(outgoing.to())
                    .setSubject(outgoing.subject())
                    .setText(outgoing.text())
                    .setHtml(outgoing.html())
                    .addHeader("Message-ID", outgoing.messageId())
                    .addHeader("List-Unsubscribe", outgoing.listUnsubscribe())
                    .addHeader("Auto-Submitted", "auto-generated");
            try {
                mailer.send(mail).await().atMost(timeout);
            } catch (TimeoutException e) {
                LOG.warnf("No answer to mail %s within %s; sending it once more", outgoing.messageId(), timeout);
                mailer.send(mail).await().atMost(timeout);
            }
        } catch (RuntimeException e) {
            throw new MailDeliveryException("SMTP did not take " + outgoing.messageId() + ": " + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }
}

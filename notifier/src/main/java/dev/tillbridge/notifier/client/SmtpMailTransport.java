package dev.tillbridge.notifier.client;

import dev.tillbridge.notifier.config.NotifierConfig;
import dev.tillbridge.notifier.service.MailTransport;
import dev.tillbridge.notifier.service.OutgoingMail;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * SMTP through quarkus-mailer (host, port, TLS and credentials are {@code quarkus.mailer.*} settings). It is
 * only ever called from the scheduler's worker thread, never from a Kafka consumer, and waits for the server's
 * answer at most {@code tillbridge.notifier.send-timeout}.
 */
@ApplicationScoped
public class SmtpMailTransport implements MailTransport {

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
            mailer.send(mail).await().atMost(timeout);
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

package dev.tillbridge.notifier.service;

import dev.tillbridge.events.NotificationSent;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.notifier.store.AlertStore;
import dev.tillbridge.notifier.store.SentMailStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** Publishes a {@code notifications} record for every mail sent, from {@code sent_mail}, at least once. */
final class NotificationOutbox {

    private static final Logger LOG = Logger.getLogger(NotificationOutbox.class);
    private static final int PUBLISH_BATCH = 100;

    private final DataSource dataSource;
    private final SentMailStore sentMails;
    private final NotificationPublisher publisher;
    private final Clock clock;

    NotificationOutbox(DataSource dataSource, SentMailStore sentMails, NotificationPublisher publisher, Clock clock) {
        this.dataSource = dataSource;
        this.sentMails = sentMails;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Publishes the {@code notifications} records of sent mails not published yet (the outbox). A record is
     * marked published only after the broker acknowledged it; a crash in between publishes it again with the
     * same envelope id, which consumers ignore as a repeat.
     */
    int publishPending() {
        int published = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (SentMailStore.SentMail mail : sentMails.lockUnpublished(c, PUBLISH_BATCH)) {
                    try {
                        publisher.publish(mail.accountId(), EventJson.decode(mail.envelope(), NotificationSent.class));
                    } catch (RuntimeException e) {
                        LOG.warnf(
                                "Cannot publish notification %s yet, will retry: %s", mail.messageId(), e.getMessage());
                        break;
                    }
                    sentMails.markPublished(c, mail.messageId(), clock.instant());
                    published++;
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                AlertStore.rollback(c, e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.errorf(e, "Publishing sent notifications failed, will retry on the next tick: %s", e.getMessage());
        }
        return published;
    }
}

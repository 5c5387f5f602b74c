package dev.tillbridge.notifier.service;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.notifier.store.AlertStore;
import dev.tillbridge.notifier.store.StoredAlert;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies one {@code integration-alerts} record to the throttle state. It only writes rows: mail goes out from
 * the scheduler, so the Kafka consumer never waits on SMTP.
 */
public class AlertIntake {

    private static final Logger LOG = Logger.getLogger(AlertIntake.class);

    private final AlertStore store;
    private final AlertThrottle throttle;
    private final AccountContacts contacts;
    private final Duration defaultInterval;
    private final Clock clock;

    public AlertIntake(
            AlertStore store, AlertThrottle throttle, AccountContacts contacts, Duration defaultInterval, Clock clock) {
        this.store = store;
        this.throttle = throttle;
        this.contacts = contacts;
        this.defaultInterval = defaultInterval;
        this.clock = clock;
    }

    public AlertThrottle.Outcome apply(EventEnvelope<AlertChanged> envelope) {
        AlertChanged alert = envelope.payload();
        Duration interval = contacts.of(envelope.accountId()).interval(defaultInterval);
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                store.ensureMailbox(c, envelope.accountId());
                Optional<StoredAlert> stored = store.lockAlert(c, alert.integrationId(), alert.code());
                Instant now = clock.instant();
                AlertThrottle.Outcome outcome =
                        throttle.onAlert(stored, alert, envelope.accountId(), envelope.occurredAt(), now, interval);
                if (outcome instanceof AlertThrottle.Outcome.Store toStore) {
                    store.save(c, toStore.alert());
                }
                c.commit();
                log(envelope, outcome);
                return outcome;
            } catch (SQLException | RuntimeException e) {
                AlertStore.rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot store alert " + alert.integrationId() + ":" + alert.code() + ": " + e.getMessage(), e);
        }
    }

    private static void log(EventEnvelope<AlertChanged> envelope, AlertThrottle.Outcome outcome) {
        AlertChanged alert = envelope.payload();
        if (outcome instanceof AlertThrottle.Outcome.Store stored) {
            LOG.infof(
                    "Alert %s of integration %s (account %s) %s: %s",
                    alert.code(),
                    alert.integrationId(),
                    envelope.accountId(),
                    stored.why(),
                    stored.alert().nextDueAt() == null
                            ? "no mail due"
                            : "mail due at " + stored.alert().nextDueAt());
        } else if (outcome instanceof AlertThrottle.Outcome.Ignore ignored) {
            LOG.infof("Alert %s of integration %s ignored: %s", alert.code(), alert.integrationId(), ignored.why());
        }
    }
}

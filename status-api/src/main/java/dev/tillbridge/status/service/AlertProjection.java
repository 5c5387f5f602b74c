package dev.tillbridge.status.service;

import dev.tillbridge.events.AlertChanged;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.status.model.AlertStateRow;
import dev.tillbridge.status.model.IntegrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import java.time.Instant;

/**
 * {@code integration-alerts} in the read model: the current state of every alert (an older change never replaces a
 * newer one), and a tombstone deletes it. Called by {@link ReadModelProjector} in its transaction.
 */
@ApplicationScoped
public class AlertProjection {

    private final Event<ReadModelChanged> changes;
    private final StatusRows rows;

    public AlertProjection(Event<ReadModelChanged> changes, StatusRows rows) {
        this.changes = changes;
        this.rows = rows;
    }

    void alertChanged(EventEnvelope<?> envelope, AlertChanged alert) {
        IntegrationStatus status = rows.admitted(alert.integrationId(), envelope);
        if (status == null) {
            return;
        }
        var key = new AlertStateRow.AlertKey(alert.integrationId(), alert.code().name());
        AlertStateRow row = AlertStateRow.findById(key, LockModeType.PESSIMISTIC_WRITE);
        Instant at = envelope.occurredAt();
        if (row != null && at.isBefore(row.changedAt)) {
            return;
        }
        if (row == null) {
            row = new AlertStateRow();
            row.id = key;
        }
        row.state = alert.state().name();
        row.service = alert.service() == null ? null : alert.service().name();
        row.message = alert.message();
        row.advice = alert.advice();
        row.firstSeenAt = alert.firstSeenAt();
        row.lastSeenAt = alert.lastSeenAt();
        row.occurrences = alert.occurrences();
        row.origin = alert.origin();
        row.changedAt = at;
        row.persist();
        rows.touch(status);
        changes.fire(new ReadModelChanged(alert.integrationId(), "alert", StatusDocument.AlertView.of(row)));
    }

    /** A compacted topic's tombstone: the alert of key {@code integrationId:CODE} no longer exists. */
    void alertDeleted(String key) {
        int colon = key == null ? -1 : key.lastIndexOf(':');
        if (colon <= 0) {
            return;
        }
        String integrationId = key.substring(0, colon);
        String code = key.substring(colon + 1);
        IntegrationStatus status = rows.locked(integrationId);
        AlertStateRow row = AlertStateRow.findById(new AlertStateRow.AlertKey(integrationId, code));
        if (row != null) {
            row.delete();
            if (status != null) {
                rows.touch(status);
            }
            changes.fire(new ReadModelChanged(integrationId, "alert", null));
        }
    }
}

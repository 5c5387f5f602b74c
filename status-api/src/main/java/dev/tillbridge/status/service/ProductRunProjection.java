package dev.tillbridge.status.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.ProductProgress;
import dev.tillbridge.status.model.IntegrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;

/**
 * {@code product-progress} in the read model: the current or last product run ("Updating Product 825 of 12403") and
 * the last product sent; an older progress record does not replace a newer one. Called by {@link ReadModelProjector}
 * in its transaction.
 */
@ApplicationScoped
public class ProductRunProjection {

    private final Event<ReadModelChanged> changes;
    private final StatusRows rows;

    public ProductRunProjection(Event<ReadModelChanged> changes, StatusRows rows) {
        this.changes = changes;
        this.rows = rows;
    }

    void productProgress(EventEnvelope<?> envelope, ProductProgress p) {
        IntegrationStatus s = rows.admitted(p.integrationId(), envelope);
        if (s == null) {
            return;
        }
        Instant at = envelope.occurredAt();
        if (p.lastSentAt() != null
                && p.lastSku() != null
                && (s.lastProductSentAt == null || p.lastSentAt().isAfter(s.lastProductSentAt))) {
            s.lastProductSentAt = p.lastSentAt();
            s.lastProductSku = p.lastSku();
        }
        if (s.runUpdatedAt != null && at.isBefore(s.runUpdatedAt)) {
            rows.touch(s);
            return;
        }
        s.runId = p.runId();
        s.runSent = p.sent();
        s.runFailed = p.failed();
        s.runTotal = p.total();
        s.runState = p.state().name();
        s.runRate = p.ratePerSecond();
        s.runEtaSeconds = p.etaSeconds();
        s.runLastSku = p.lastSku();
        s.runStartedAt = p.startedAt();
        s.runUpdatedAt = at;
        s.runRestarts = p.restarts();
        s.runMostFrequentError = p.mostFrequentError();
        rows.touch(s);
        changes.fire(new ReadModelChanged(s.integrationId, "progress", StatusDocument.ProductRunView.of(s)));
    }
}

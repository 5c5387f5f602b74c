package dev.tillbridge.status.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.status.model.IntegrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;

/**
 * {@code sync-cycles} in the read model: the cycle under way, the last ended one, and the coverage facts (watermark,
 * Magento's newest {@code updated_at}, behind since) that only ever move forward, whatever order the records come in.
 * Called by {@link ReadModelProjector} in its transaction.
 */
@ApplicationScoped
public class SyncCycleProjection {

    private final Event<ReadModelChanged> changes;
    private final StatusRows rows;

    public SyncCycleProjection(Event<ReadModelChanged> changes, StatusRows rows) {
        this.changes = changes;
        this.rows = rows;
    }

    void syncCycle(EventEnvelope<?> envelope, SyncCycle cycle) {
        IntegrationStatus s = rows.admitted(cycle.integrationId(), envelope);
        if (s == null) {
            return;
        }
        Instant at = envelope.occurredAt();
        if (s.firstCycleAt == null || at.isBefore(s.firstCycleAt)) {
            s.firstCycleAt = at;
        }
        boolean newest = s.cycleEventAt == null || !at.isBefore(s.cycleEventAt);
        if (cycle.phase() == SyncCycle.Phase.STARTED) {
            if (newest) {
                s.runningCycleId = cycle.cycleId();
                s.runningCycleStartedAt = at;
                s.runningWindowFrom = cycle.windowFrom();
                s.runningWindowTo = cycle.windowTo();
                s.cycleEventAt = at;
            }
        } else {
            if (newest) {
                Instant startedAt = cycle.cycleId().equals(s.runningCycleId)
                        ? s.runningCycleStartedAt
                        : cycle.durationMs() == null ? null : at.minusMillis(cycle.durationMs());
                s.cycleId = cycle.cycleId();
                s.cycleStartedAt = startedAt;
                s.cycleEndedAt = at;
                s.cycleWindowFrom = cycle.windowFrom();
                s.cycleWindowTo = cycle.windowTo();
                s.cycleOutcome = cycle.outcome().name();
                s.cycleOrdersSeen = cycle.ordersSeen();
                s.cycleDurationMs = cycle.durationMs();
                s.cycleError = cycle.errorMessage();
                s.cycleEventAt = at;
                if (cycle.cycleId().equals(s.runningCycleId)) {
                    s.runningCycleId = null;
                    s.runningCycleStartedAt = null;
                    s.runningWindowFrom = null;
                    s.runningWindowTo = null;
                }
            }
            // Coverage facts only ever move forward, whatever order the records come in.
            if (cycle.outcome() == SyncCycle.Outcome.SUCCEEDED) {
                s.lastSuccessfulCycleAt = SyncCoverage.later(s.lastSuccessfulCycleAt, at);
                s.watermark = SyncCoverage.later(s.watermark, cycle.windowTo());
            }
            s.magentoNewestUpdatedAt = SyncCoverage.later(s.magentoNewestUpdatedAt, cycle.magentoNewestUpdatedAt());
            s.behindSince = SyncCoverage.behindSince(s.behindSince, s.watermark, s.magentoNewestUpdatedAt);
        }
        rows.touch(s);
        changes.fire(new ReadModelChanged(s.integrationId, "cycle", StatusDocument.SyncCycleView.of(s)));
    }
}

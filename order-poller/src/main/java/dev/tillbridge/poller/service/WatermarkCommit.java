package dev.tillbridge.poller.service;

import dev.tillbridge.events.order.OrderVersion;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The last step of a good cycle, taken only after Kafka acknowledged every record it published: the watermarks, the
 * highest entity id, the overlap versions and what was published move in one transaction, fenced by the lease and the
 * generation ({@link SyncStateRepository#commitCycle}). An idle cycle (issue 14) writes nothing: the database holds
 * what it would write already, so only the fences are checked.
 */
final class WatermarkCommit {

    private final SyncStateRepository repository;
    private final Duration sweepSpan;

    WatermarkCommit(SyncStateRepository repository, Duration sweepSpan) {
        this.repository = repository;
        this.sweepSpan = sweepSpan;
    }

    /**
     * Commits what the cycle read from {@code state} with the overlap versions it started from ({@code known}).
     *
     * @param forgets the tombstones this process had applied when the cycle loaded its state
     * @throws LeaseLost when {@code owner} no longer holds the integration
     * @throws IncarnationEnded when the integration was deleted while the cycle ran
     */
    void commit(
            SyncState state,
            Map<Long, OrderVersion> known,
            OrderSync.Result result,
            String owner,
            BooleanSupplier leased,
            long forgets,
            Instant now) {
        String id = state.integrationId();
        if (nothingMoved(state, known, result)) {
            // Idle: the watermarks, the highest id, the overlap versions and the sweep mark are what the database
            // holds already, so nothing is written; the schedule row's release is the only write.
            if (!leased.getAsBoolean()) {
                throw new LeaseLost(id);
            }
            if (repository.forgets(id) != forgets) {
                throw new IncarnationEnded(id);
            }
            return;
        }
        // The overlap versions were published by earlier cycles: recorded too, so the sweep knows them.
        Map<Long, OrderVersion> published = new LinkedHashMap<>(known);
        published.putAll(result.published());
        repository.commitCycle(
                id, state.generation(), owner, result.report(), result.versionsInOverlap(), published, sweepSpan, now);
    }

    /**
     * Whether a successful cycle changed nothing the next cycle reads from {@code sync_state} and
     * {@code published_version}: no order published, same watermarks, highest id and invoices read, same overlap versions, no sweep,
     * no failure streak to reset, and a row that records already (not a first cycle).
     */
    static boolean nothingMoved(SyncState state, Map<Long, OrderVersion> known, OrderSync.Result result) {
        CycleReport report = result.report();
        return state.recordedSince() != null
                && state.failures() == 0
                && !report.swept()
                && result.published().isEmpty()
                && Objects.equals(report.newWatermark(), state.watermark())
                && Objects.equals(report.newInvoiceWatermark(), state.invoiceWatermark())
                && Objects.equals(report.maxEntityId(), state.maxEntityId())
                && Objects.equals(report.invoicesRead(), state.invoicesRead())
                && sameVersions(result.versionsInOverlap(), known);
    }

    private static boolean sameVersions(Map<Long, OrderVersion> a, Map<Long, OrderVersion> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (var e : a.entrySet()) {
            OrderVersion x = e.getValue();
            OrderVersion y = b.get(e.getKey());
            if (y == null
                    || !x.updatedAt().equals(y.updatedAt())
                    || !Objects.equals(x.state(), y.state())
                    || !sameAmount(x.baseTotalInvoiced(), y.baseTotalInvoiced())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameAmount(BigDecimal x, BigDecimal y) {
        return x == null ? y == null : y != null && x.compareTo(y) == 0;
    }
}

package dev.tillbridge.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The start or the end of one sync cycle ({@code sync-cycles}). The end record carries the counts, the
 * outcome and Magento's newest {@code updated_at}, which status-api compares with the watermark to tell
 * "orders changed in Magento after the last sync".
 */
public record SyncCycle(
        String integrationId,
        UUID cycleId,
        Phase phase,
        Instant windowFrom,
        Instant windowTo,
        int ordersSeen,
        int ordersPublished,
        int invoicesSeen,
        int pages,
        Instant magentoNewestUpdatedAt,
        Outcome outcome,
        Long durationMs,
        String errorMessage)
        implements EventPayload {

    public static final String STARTED_TYPE = "sync-cycle.started.v1";
    public static final String ENDED_TYPE = "sync-cycle.ended.v1";

    public SyncCycle {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(cycleId, "cycleId is required");
        Objects.requireNonNull(phase, "phase is required");
        if (phase == Phase.ENDED && outcome == null) {
            throw new IllegalArgumentException("an ENDED cycle needs an outcome");
        }
    }

    @Override
    public String eventType() {
        return phase == Phase.STARTED ? STARTED_TYPE : ENDED_TYPE;
    }

    public enum Phase {
        STARTED,
        ENDED
    }

    public enum Outcome {
        SUCCEEDED,
        FAILED
    }
}

package dev.tillbridge.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The start or the end of one sync cycle ({@code sync-cycles}). The end record carries the counts, the
 * outcome and Magento's newest {@code updated_at}, which status-api compares with the watermark to tell
 * "orders changed in Magento after the last sync".
 *
 * <p>Build one with {@link #started} or {@link #ended}; the canonical constructor is the JSON shape.
 *
 * <pre>
 * SyncCycle.ended(id, cycleId, from).windowTo(watermark).orders(12, 3).pages(1).succeeded(840);
 * SyncCycle.ended(id, cycleId, from).failed(120, "Magento answered 503");
 * </pre>
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

    /** The record of a cycle that starts reading orders updated from {@code windowFrom}. */
    public static SyncCycle started(String integrationId, UUID cycleId, Instant windowFrom) {
        return new SyncCycle(
                integrationId, cycleId, Phase.STARTED, windowFrom, null, 0, 0, 0, 0, null, null, null, null);
    }

    /**
     * The end record of a cycle that read from {@code windowFrom}: what it found (counts 0 and times null unless
     * given), then how it ended ({@link Ended#succeeded}, {@link Ended#failed}).
     */
    public static Ended ended(String integrationId, UUID cycleId, Instant windowFrom) {
        return new Ended(integrationId, cycleId, windowFrom);
    }

    /** The end record of a cycle while it is filled in; {@link #succeeded} or {@link #failed} make the record. */
    public static final class Ended {

        private final String integrationId;
        private final UUID cycleId;
        private final Instant windowFrom;
        private Instant windowTo;
        private int ordersSeen;
        private int ordersPublished;
        private int invoicesSeen;
        private int pages;
        private Instant magentoNewestUpdatedAt;

        private Ended(String integrationId, UUID cycleId, Instant windowFrom) {
            this.integrationId = integrationId;
            this.cycleId = cycleId;
            this.windowFrom = windowFrom;
        }

        /** The watermark the cycle reached. */
        public Ended windowTo(Instant windowTo) {
            this.windowTo = windowTo;
            return this;
        }

        /** Orders read, and how many of them were published. */
        public Ended orders(int seen, int published) {
            this.ordersSeen = seen;
            this.ordersPublished = published;
            return this;
        }

        public Ended invoicesSeen(int invoicesSeen) {
            this.invoicesSeen = invoicesSeen;
            return this;
        }

        /** Requests the cycle made to Magento. */
        public Ended pages(int pages) {
            this.pages = pages;
            return this;
        }

        public Ended magentoNewestUpdatedAt(Instant magentoNewestUpdatedAt) {
            this.magentoNewestUpdatedAt = magentoNewestUpdatedAt;
            return this;
        }

        public SyncCycle succeeded(long durationMs) {
            return end(Outcome.SUCCEEDED, durationMs, null);
        }

        /** @param errorMessage the readable sentence of what went wrong */
        public SyncCycle failed(long durationMs, String errorMessage) {
            return end(Outcome.FAILED, durationMs, errorMessage);
        }

        private SyncCycle end(Outcome outcome, long durationMs, String errorMessage) {
            return new SyncCycle(
                    integrationId,
                    cycleId,
                    Phase.ENDED,
                    windowFrom,
                    windowTo,
                    ordersSeen,
                    ordersPublished,
                    invoicesSeen,
                    pages,
                    magentoNewestUpdatedAt,
                    outcome,
                    durationMs,
                    errorMessage);
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

package dev.tillbridge.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A product run's progress ({@code product-progress}, compacted by integration): the seed's
 * "Updating Product 825 of 12403". {@code restarts} counts runs the POS started again before this one
 * completed, which status-api turns into {@code PRODUCT_SYNC_LOOPING}.
 */
public record ProductProgress(
        String integrationId,
        String runId,
        int sent,
        int failed,
        int total,
        RunState state,
        double ratePerSecond,
        Long etaSeconds,
        String lastSku,
        Instant lastSentAt,
        Instant startedAt,
        int restarts,
        String mostFrequentError)
        implements EventPayload {

    public static final String TYPE = "product.progress.v1";

    public ProductProgress {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(runId, "runId is required");
        Objects.requireNonNull(state, "state is required");
        if (sent < 0 || failed < 0 || total < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    /** The position shown to users: the product being worked on now. */
    public int current() {
        return Math.min(total, sent + failed + (state == RunState.RUNNING ? 1 : 0));
    }
}

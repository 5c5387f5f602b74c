package dev.tillbridge.events;

import java.time.Instant;
import java.util.Objects;

/** An order not downloaded, why, and what an operator can change ({@code skipped-orders}). */
public record OrderSkipped(
        String integrationId,
        long entityId,
        String incrementId,
        SkipReason reason,
        boolean finalDecision,
        String sentence,
        String advice,
        String orderState,
        String orderStatus,
        Instant orderCreatedAt,
        Instant orderUpdatedAt)
        implements EventPayload {

    public static final String TYPE = "order.skipped.v1";

    public OrderSkipped {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(reason, "reason is required");
        sentence = sentence == null ? reason.sentence() : sentence;
        advice = advice == null ? reason.advice() : advice;
    }

    @Override
    public String eventType() {
        return TYPE;
    }
}

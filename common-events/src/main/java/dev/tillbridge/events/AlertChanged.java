package dev.tillbridge.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A problem RAISED (with its latest occurrence) or RESOLVED ({@code integration-alerts}, compacted by
 * {@code integrationId:alertCode}, so the topic's latest record per key is the alert's current state).
 */
public record AlertChanged(
        String integrationId,
        AlertCode code,
        AlertState state,
        LogService service,
        String message,
        String advice,
        Instant firstSeenAt,
        Instant lastSeenAt,
        int occurrences,
        String origin)
        implements EventPayload {

    public static final String RAISED_TYPE = "alert.raised.v1";
    public static final String RESOLVED_TYPE = "alert.resolved.v1";

    public AlertChanged {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(code, "code is required");
        Objects.requireNonNull(state, "state is required");
        advice = advice == null ? code.advice() : advice;
    }

    @Override
    public String eventType() {
        return state == AlertState.RAISED ? RAISED_TYPE : RESOLVED_TYPE;
    }
}

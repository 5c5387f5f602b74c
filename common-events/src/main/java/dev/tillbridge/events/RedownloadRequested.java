package dev.tillbridge.events;

import java.util.Objects;

/**
 * An operator asked for one order to be downloaded again ({@code raw-orders}, same key as the order so it
 * is ordered after the order's snapshots). invoice-filter releases the latest snapshot it holds once more.
 * {@code onlyIfReleased} (a forced resync) asks for that only when the order was released before: an order never
 * released is left to the observation that follows it, which decides it as usual.
 */
public record RedownloadRequested(String integrationId, long entityId, String requestedBy, Boolean onlyIfReleased)
        implements EventPayload {

    public static final String TYPE = "order.redownload-requested.v1";

    public RedownloadRequested {
        Objects.requireNonNull(integrationId, "integrationId is required");
        if (entityId <= 0) {
            throw new IllegalArgumentException("entityId must be positive, was " + entityId);
        }
        // Absent in requests written before resyncs existed.
        onlyIfReleased = Boolean.TRUE.equals(onlyIfReleased);
    }

    public RedownloadRequested(String integrationId, long entityId, String requestedBy) {
        this(integrationId, entityId, requestedBy, false);
    }

    @Override
    public String eventType() {
        return TYPE;
    }
}

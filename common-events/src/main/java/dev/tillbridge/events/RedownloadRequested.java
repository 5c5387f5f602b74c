package dev.tillbridge.events;

import java.util.Objects;

/**
 * An operator asked for one order to be downloaded again ({@code raw-orders}, same key as the order so it
 * is ordered after the order's snapshots). invoice-filter releases the latest snapshot it holds once more.
 */
public record RedownloadRequested(String integrationId, long entityId, String requestedBy) implements EventPayload {

    public static final String TYPE = "order.redownload-requested.v1";

    public RedownloadRequested {
        Objects.requireNonNull(integrationId, "integrationId is required");
        if (entityId <= 0) {
            throw new IllegalArgumentException("entityId must be positive, was " + entityId);
        }
    }

    @Override
    public String eventType() {
        return TYPE;
    }
}

package dev.tillbridge.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An operator asked the poller to read the integration's orders again from {@code from} ({@code sync-requests}, key
 * integrationId). {@code resyncId} names the resync: the poller starts it once however often the request arrives.
 * With {@code force}, orders the filter released before go out again as re-downloads.
 */
public record ResyncRequested(String integrationId, UUID resyncId, Instant from, boolean force, String requestedBy)
        implements EventPayload {

    public static final String TYPE = "sync.resync-requested.v1";

    public ResyncRequested {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(resyncId, "resyncId is required");
        Objects.requireNonNull(from, "from is required");
    }

    @Override
    public String eventType() {
        return TYPE;
    }
}

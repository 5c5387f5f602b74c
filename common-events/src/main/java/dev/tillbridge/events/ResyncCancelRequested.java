package dev.tillbridge.events;

import java.util.Objects;
import java.util.UUID;

/** An operator cancelled a resync ({@code sync-requests}, key integrationId): the poller stops it after its page. */
public record ResyncCancelRequested(String integrationId, UUID resyncId, String requestedBy) implements EventPayload {

    public static final String TYPE = "sync.resync-cancel-requested.v1";

    public ResyncCancelRequested {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(resyncId, "resyncId is required");
    }

    @Override
    public String eventType() {
        return TYPE;
    }
}

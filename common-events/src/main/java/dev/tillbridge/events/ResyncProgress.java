package dev.tillbridge.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a resync stands ({@code sync-cycles}, key integrationId, next to the cycles): it reads orders with
 * {@code updated_at} from {@code from} up to {@code upTo} (the regular watermark when it started) and has read up to
 * {@code readUpTo}; {@code ordersFound} orders read, {@code ordersSent} of them published to {@code raw-orders}.
 */
public record ResyncProgress(
        String integrationId,
        UUID resyncId,
        Instant from,
        Instant upTo,
        Instant readUpTo,
        boolean force,
        long ordersFound,
        long ordersSent,
        State state,
        String message)
        implements EventPayload {

    public static final String TYPE = "sync.resync-progress.v1";

    public ResyncProgress {
        Objects.requireNonNull(integrationId, "integrationId is required");
        Objects.requireNonNull(resyncId, "resyncId is required");
        Objects.requireNonNull(state, "state is required");
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    /** RUNNING until it reached {@code upTo} (DONE), was cancelled, or failed (Magento refused, or it was refused). */
    public enum State {
        RUNNING,
        DONE,
        CANCELLED,
        FAILED;

        public boolean finished() {
            return this != RUNNING;
        }
    }
}

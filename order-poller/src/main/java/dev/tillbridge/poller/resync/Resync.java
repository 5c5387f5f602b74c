package dev.tillbridge.poller.resync;

import dev.tillbridge.events.ResyncProgress;
import java.time.Instant;
import java.util.UUID;

/**
 * One resync as the poller keeps it: read orders with {@code updated_at} from {@code from} up to {@code upTo} (the
 * regular watermark when it started), and the keyset cursor of the last page committed.
 */
public record Resync(
        UUID resyncId,
        String integrationId,
        String accountId,
        Instant from,
        Instant upTo,
        boolean force,
        String requestedBy,
        ResyncProgress.State state,
        Instant cursorTime,
        long cursorId,
        long ordersFound,
        long ordersSent,
        long pages,
        int failures,
        String message) {

    /** What status-api shows: {@code readUpTo} is the {@code updated_at} of the last order read (null: none yet). */
    public ResyncProgress progress() {
        Instant readUpTo = state == ResyncProgress.State.DONE ? upTo : (pages == 0 ? null : cursorTime);
        return new ResyncProgress(
                integrationId, resyncId, from, upTo, readUpTo, force, ordersFound, ordersSent, state, message);
    }
}

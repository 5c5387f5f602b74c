package dev.tillbridge.filter.service;

import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.order.OrderSnapshot;
import java.time.Instant;

/**
 * What invoice-filter remembers of one order: whether it was released, the last skip reason it
 * published, the newest snapshot (for a re-download), and when this record last changed (its retention
 * counts from then; null in records written before retention existed, see {@link OrderRetention}).
 */
public record OrderRecord(boolean released, SkipReason lastSkip, OrderSnapshot latest, Instant changedAt) {

    public OrderRecord(boolean released, SkipReason lastSkip, OrderSnapshot latest) {
        this(released, lastSkip, latest, null);
    }

    /** The same record, changed at {@code at}. */
    public OrderRecord changedAt(Instant at) {
        return new OrderRecord(released, lastSkip, latest, at);
    }

    /** Whether both remember the same thing, whenever it was written. */
    public boolean sameAs(OrderRecord other) {
        return other != null && released == other.released && lastSkip == other.lastSkip
                && java.util.Objects.equals(latest, other.latest);
    }
}

package dev.tillbridge.filter.service;

import dev.tillbridge.events.order.OrderSnapshot;
import java.time.Duration;
import java.time.Instant;

/**
 * How long an order is remembered, and how a forgotten order is never released twice.
 *
 * <p>An order's ledger entry is forgotten once it has not changed for the retention (default 90 days): not
 * released again, not skipped again, no newer Magento version. Each partition of the ledger then remembers,
 * per integration, the newest creation time among the orders it forgot (its <em>mark</em>). All versions of an
 * order go to the same partition, so a first sighting of an order created at or before that mark may be one
 * this partition released and forgot: it is skipped as {@code PAST_RETENTION} (final) whatever Magento says
 * about it, and only an operator's re-download releases it. An order created after the mark cannot have been
 * forgotten and is decided as usual, so a new integration whose start date lies far back is not affected.
 */
public final class OrderRetention {

    private OrderRetention() {}

    /** Whether the entry may be forgotten at {@code now}: it has not changed for {@code keep}. */
    public static boolean expired(OrderRecord record, Instant now, Duration keep) {
        // Without a snapshot there is no creation time to move the mark to: such an entry is kept.
        return record.latest() != null && lastChange(record).isBefore(now.minus(keep));
    }

    /**
     * When the entry last changed. Entries written before retention existed carry no time: the newest Magento
     * version they hold stands in for it (it changed then, or a little later).
     */
    static Instant lastChange(OrderRecord record) {
        if (record.changedAt() != null) {
            return record.changedAt();
        }
        return record.latest() == null ? null : record.latest().updatedAt();
    }

    /** The mark after forgetting {@code forgotten}: never moves back. */
    public static Instant markAfterForgetting(Instant mark, OrderRecord forgotten) {
        Instant created = forgotten.latest().createdAt();
        return mark == null || created.isAfter(mark) ? created : mark;
    }

    /** Whether a first sighting of {@code order} may be an order forgotten before (created at or before the mark). */
    public static boolean mayHaveBeenForgotten(OrderSnapshot order, Instant mark) {
        return mark != null && !order.createdAt().isAfter(mark);
    }
}

package dev.tillbridge.filter.service;

import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.order.OrderSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What invoice-filter remembers of one order: whether it was released, the last skip reason it published, the
 * newest snapshot (for a re-download), when this record last changed (its retention counts from then; null in
 * records written before retention existed, see {@link OrderRetention}), and the envelope ids of the last
 * re-download requests it honoured, so a request delivered twice releases the order once.
 */
public record OrderRecord(
        boolean released, SkipReason lastSkip, OrderSnapshot latest, Instant changedAt, List<UUID> redownloads) {

    /**
     * How many honoured request ids are kept. A repeat comes from its producer publishing its latest records
     * again after a crash (status-api's outbox relay), so the newest few are the ones that can come back.
     */
    static final int REMEMBERED_REDOWNLOADS = 20;

    public OrderRecord {
        // Records stored before re-download ids were remembered have none.
        redownloads = redownloads == null ? List.of() : List.copyOf(redownloads);
    }

    public OrderRecord(boolean released, SkipReason lastSkip, OrderSnapshot latest) {
        this(released, lastSkip, latest, null, List.of());
    }

    public OrderRecord(boolean released, SkipReason lastSkip, OrderSnapshot latest, Instant changedAt) {
        this(released, lastSkip, latest, changedAt, List.of());
    }

    public OrderRecord(boolean released, SkipReason lastSkip, OrderSnapshot latest, List<UUID> redownloads) {
        this(released, lastSkip, latest, null, redownloads);
    }

    /** The same record, changed at {@code at}. */
    public OrderRecord changedAt(Instant at) {
        return new OrderRecord(released, lastSkip, latest, at, redownloads);
    }

    /** Whether both remember the same thing, whenever it was written. */
    public boolean sameAs(OrderRecord other) {
        return other != null
                && released == other.released
                && lastSkip == other.lastSkip
                && Objects.equals(latest, other.latest)
                && redownloads.equals(other.redownloads);
    }

    public boolean honoured(UUID redownloadRequest) {
        return redownloads.contains(redownloadRequest);
    }

    /** The same order, remembering one more honoured request (the oldest is forgotten past the limit). */
    OrderRecord honouring(UUID redownloadRequest) {
        List<UUID> ids = new ArrayList<>(redownloads);
        ids.add(redownloadRequest);
        int excess = ids.size() - REMEMBERED_REDOWNLOADS;
        return new OrderRecord(true, lastSkip, latest, changedAt, excess > 0 ? ids.subList(excess, ids.size()) : ids);
    }
}

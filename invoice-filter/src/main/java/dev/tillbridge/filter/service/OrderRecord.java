package dev.tillbridge.filter.service;

import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.order.OrderSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What invoice-filter remembers of one order: whether it was released, the last skip reason it
 * published, the newest snapshot (for a re-download), and the envelope ids of the last re-download requests
 * it honoured, so a request delivered twice releases the order once.
 */
public record OrderRecord(boolean released, SkipReason lastSkip, OrderSnapshot latest, List<UUID> redownloads) {

    /**
     * How many honoured request ids are kept. A repeat comes from its producer publishing its latest records
     * again after a crash (status-api's outbox relay), so the newest few are the ones that can come back.
     */
    static final int REMEMBERED_REDOWNLOADS = 20;

    public OrderRecord {
        // Records stored before re-download ids were remembered have none.
        redownloads = redownloads == null ? List.of() : List.copyOf(redownloads);
    }

    public boolean honoured(UUID redownloadRequest) {
        return redownloads.contains(redownloadRequest);
    }

    /** The same order, remembering one more honoured request (the oldest is forgotten past the limit). */
    OrderRecord honouring(UUID redownloadRequest) {
        List<UUID> ids = new ArrayList<>(redownloads);
        ids.add(redownloadRequest);
        int excess = ids.size() - REMEMBERED_REDOWNLOADS;
        return new OrderRecord(true, lastSkip, latest, excess > 0 ? ids.subList(excess, ids.size()) : ids);
    }
}

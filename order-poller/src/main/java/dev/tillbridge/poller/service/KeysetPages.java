package dev.tillbridge.poller.service;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoException;
import dev.tillbridge.magento.MagentoTime;
import dev.tillbridge.magento.OrderPage;
import dev.tillbridge.magento.SearchCriteria;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The page walk over one Magento store: rows read with a keyset cursor on ({@code updated_at} or
 * {@code created_at}, {@code entity_id}) instead of offset pages. Each request asks for the next page after the last
 * row seen, always as page 1; a page shorter than the page size is the last one, so we never ask for a page past the
 * end. An answer that does not move past the cursor means Magento ignored the filters: it is refused as unreadable
 * rather than looped over. Cycles and resyncs read with this.
 */
public final class KeysetPages {

    private final MagentoClient magento;
    private final int pageSize;

    public KeysetPages(MagentoClient magento, int pageSize) {
        this.magento = magento;
        this.pageSize = pageSize;
    }

    int pageSize() {
        return pageSize;
    }

    /**
     * Reads the orders with {@code from <= updated_at} (and {@code < before}, if given), hands each to {@code each},
     * and returns the number of requests. {@code leased} is asked before every request.
     */
    int scanUpdatedAt(
            IntegrationConfigured integration,
            BooleanSupplier leased,
            Instant from,
            Instant before,
            Consumer<OrderSnapshot> each) {
        int pages = 0;
        Instant cursorTime = from;
        long cursorId = 0;
        while (true) {
            requireLease(integration, leased);
            List<OrderSnapshot> page = pageAfter(cursorTime, cursorId, before);
            pages++;
            for (OrderSnapshot order : page) {
                each.accept(order);
                cursorTime = order.updatedAt();
                cursorId = order.entityId();
            }
            if (page.size() < pageSize) {
                return pages;
            }
        }
    }

    /**
     * One keyset page: the orders after ({@code cursorTime}, {@code cursorId}) in ({@code updated_at}, entity_id)
     * order, with {@code updated_at < before} if given. A page shorter than the page size is the last one.
     */
    public List<OrderSnapshot> pageAfter(Instant cursorTime, long cursorId, Instant before) {
        SearchCriteria.Builder criteria = after("updated_at", cursorTime, cursorId);
        if (before != null) {
            criteria.where("updated_at", "lt", MagentoTime.format(before));
        }
        OrderPage page = magento.searchOrders(criteria.build());
        Instant time = cursorTime;
        long id = cursorId;
        for (OrderSnapshot order : page.items()) {
            boolean advanced =
                    order.updatedAt().isAfter(time) || (order.updatedAt().equals(time) && order.entityId() > id);
            if (!advanced) {
                throw outsideWindow(order);
            }
            time = order.updatedAt();
            id = order.entityId();
        }
        return page.items();
    }

    /**
     * Rows after ({@code time}, {@code id}) in ({@code field}, entity_id) order, as Magento's conjunctive
     * filter groups: {@code field >= time AND (field > time OR entity_id > id)}.
     */
    SearchCriteria.Builder after(String field, Instant time, long id) {
        String at = MagentoTime.format(time);
        return SearchCriteria.builder()
                .where(field, "gteq", at)
                .anyOf(
                        new SearchCriteria.Filter(field, at, "gt"),
                        new SearchCriteria.Filter("entity_id", Long.toString(id), "gt"))
                .sortAscending(field)
                .sortAscending("entity_id")
                .pageSize(pageSize);
    }

    /** The highest entity_id Magento shows now (0 for an empty store). */
    long highestEntityId() {
        OrderPage highest = magento.searchOrders(
                SearchCriteria.builder().sortDescending("entity_id").pageSize(1).build());
        return highest.items().isEmpty() ? 0 : highest.items().get(0).entityId();
    }

    /** Magento's newest {@code updated_at} (one row, sorted descending), or null for an empty store. */
    Instant newestUpdatedAt() {
        OrderPage newest = magento.searchOrders(SearchCriteria.builder()
                .sortDescending("updated_at")
                .pageSize(1)
                .build());
        return newest.items().isEmpty() ? null : newest.items().get(0).updatedAt();
    }

    static MagentoException outsideWindow(OrderSnapshot order) {
        return new MagentoException.UnreadableResponse(
                "GET /V1/orders",
                200,
                "Magento returned orders outside the requested window (order " + order.incrementId()
                        + "); it may ignore search filters.",
                null);
    }

    static void requireLease(IntegrationConfigured integration, BooleanSupplier leased) {
        if (!leased.getAsBoolean()) {
            throw new LeaseLost(integration.integrationId());
        }
    }
}

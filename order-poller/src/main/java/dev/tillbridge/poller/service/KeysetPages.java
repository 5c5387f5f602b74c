package dev.tillbridge.poller.service;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.events.order.OrderVersion;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoException;
import dev.tillbridge.magento.MagentoTime;
import dev.tillbridge.magento.OrderPage;
import dev.tillbridge.magento.SearchCriteria;
import dev.tillbridge.magento.VersionPage;
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

    /**
     * The versions of every order the window ({@code updated_at >= from}) or the new-id read ({@code entity_id >
     * idFloor}) would return, in one request: one filter group (Magento ORs the filters of a group), answered as a
     * partial response of a few dozen bytes per order. A page of {@code pageSize}; its total says whether it holds
     * them all.
     */
    VersionPage versionsToRead(Instant from, long idFloor) {
        VersionPage page = magento.searchOrderVersions(SearchCriteria.builder()
                .anyOf(
                        new SearchCriteria.Filter("updated_at", MagentoTime.format(from), "gteq"),
                        new SearchCriteria.Filter("entity_id", Long.toString(idFloor), "gt"))
                .sortAscending("entity_id")
                .pageSize(pageSize)
                .build());
        for (OrderVersion v : page.items()) {
            if (v.updatedAt().isBefore(from) && v.entityId() <= idFloor) {
                throw outsideWindow("order id " + v.entityId());
            }
        }
        return page;
    }

    static MagentoException outsideWindow(OrderSnapshot order) {
        return outsideWindow("order " + order.incrementId());
    }

    private static MagentoException outsideWindow(String order) {
        return new MagentoException.UnreadableResponse(
                "GET /V1/orders",
                200,
                "Magento returned orders outside the requested window (" + order + "); it may ignore search filters.",
                null);
    }

    static void requireLease(IntegrationConfigured integration, BooleanSupplier leased) {
        if (!leased.getAsBoolean()) {
            throw new LeaseLost(integration.integrationId());
        }
    }
}

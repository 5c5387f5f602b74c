package dev.tillbridge.poller.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.events.order.OrderVersion;
import dev.tillbridge.magento.InvoicePage;
import dev.tillbridge.magento.InvoiceSummary;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoException;
import dev.tillbridge.magento.MagentoTime;
import dev.tillbridge.magento.OrderPage;
import dev.tillbridge.magento.SearchCriteria;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The reading half of one sync cycle: every order Magento changed since (watermark − overlap), every
 * order with an invoice created since then, and Magento's newest {@code updated_at}.
 *
 * <p>Orders are read with a keyset cursor on ({@code updated_at}, {@code entity_id}) instead of offset
 * pages: each request asks for the next page after the last row seen, always as page 1. An order updated
 * while we page moves ahead of the cursor and is read again later, and no row can slide into a page we
 * already read, so nothing is skipped (offset paging over changing rows skips, magento-api.md §8.4);
 * and since we never ask for a page past the end, Magento 2.3's "last page again" and 2.4's empty page
 * cannot loop us. {@code total_count} tells how many rows remain and is recorded with the cycle.
 *
 * <p>Sends are asynchronous; the caller waits for all of them before it moves the watermark.
 */
public final class OrderSync {

    private final MagentoClient magento;
    private final OrderPublisher publisher;
    private final Clock clock;
    private final Duration overlap;
    private final int pageSize;

    public OrderSync(MagentoClient magento, OrderPublisher publisher, Clock clock, Duration overlap, int pageSize) {
        this.magento = magento;
        this.publisher = publisher;
        this.clock = clock;
        this.overlap = overlap;
        this.pageSize = pageSize;
    }

    /** A cycle's findings and the sends still in flight. */
    public record Result(CycleReport report, Map<Long, OrderVersion> versionsInOverlap, List<CompletableFuture<Void>> sends) {
    }

    public Result run(IntegrationConfigured integration, SyncState state, Map<Long, OrderVersion> known, UUID cycleId) {
        return run(integration, state, known, cycleId, () -> true);
    }

    /** As above; {@code leased} is asked before every request, and the cycle stops once it says no. */
    public Result run(IntegrationConfigured integration, SyncState state, Map<Long, OrderVersion> known, UUID cycleId,
                      java.util.function.BooleanSupplier leased) {
        Instant from = windowStart(integration, state.watermark());
        Map<Long, OrderVersion> versions = new HashMap<>(known);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        Set<Long> seenThisCycle = new HashSet<>();
        int seen = 0;
        int published = 0;
        int pages = 0;
        Instant maxUpdated = state.watermark();

        Instant cursorTime = from;
        long cursorId = 0;
        while (true) {
            requireLease(integration, leased);
            OrderPage page = magento.searchOrders(after("updated_at", cursorTime, cursorId));
            pages++;
            for (OrderSnapshot order : page.items()) {
                seen++;
                seenThisCycle.add(order.entityId());
                if (publishIfNew(integration, cycleId, order, OrderObserved.ObservedBy.ORDER_SEARCH, versions, sends)) {
                    published++;
                }
                maxUpdated = maxUpdated == null || order.updatedAt().isAfter(maxUpdated) ? order.updatedAt() : maxUpdated;
                boolean advanced = order.updatedAt().isAfter(cursorTime)
                        || (order.updatedAt().equals(cursorTime) && order.entityId() > cursorId);
                if (!advanced) {
                    throw new MagentoException.UnreadableResponse("GET /V1/orders", 200,
                            "Magento returned orders outside the requested window (order " + order.incrementId()
                                    + "); it may ignore search filters.", null);
                }
                cursorTime = order.updatedAt();
                cursorId = order.entityId();
            }
            if (page.items().size() < pageSize) {
                break;
            }
        }

        // Invoices do not always move the order's updated_at: read their orders too.
        Instant invoiceFrom = state.invoiceWatermark() == null ? from : state.invoiceWatermark().minus(overlap);
        Instant maxInvoiced = state.invoiceWatermark();
        Map<Long, Instant> invoicedOrders = new HashMap<>();
        int invoices = 0;
        Instant invCursorTime = invoiceFrom;
        long invCursorId = 0;
        while (true) {
            requireLease(integration, leased);
            InvoicePage page = magento.searchInvoices(after("created_at", invCursorTime, invCursorId));
            pages++;
            for (InvoiceSummary invoice : page.items()) {
                invoices++;
                invoicedOrders.merge(invoice.orderId(), invoice.createdAt(), (a, b) -> a.isAfter(b) ? a : b);
                if (seenThisCycle.add(invoice.orderId())) {
                    OrderSnapshot order = magento.getOrder(invoice.orderId());
                    seen++;
                    if (publishIfNew(integration, cycleId, order, OrderObserved.ObservedBy.INVOICE_SEARCH, versions, sends)) {
                        published++;
                    }
                }
                maxInvoiced = maxInvoiced == null || invoice.createdAt().isAfter(maxInvoiced) ? invoice.createdAt() : maxInvoiced;
                invCursorTime = invoice.createdAt();
                invCursorId = invoice.entityId();
            }
            if (page.items().size() < pageSize) {
                break;
            }
        }

        Instant newest = newestUpdatedAt();
        // Keep the versions the next cycle can meet again: orders inside the updated_at overlap, and the
        // orders of invoices inside the invoice overlap (the next invoice search re-reads them).
        Instant keepFrom = maxUpdated == null ? from : maxUpdated.minus(overlap);
        Instant keepInvoicesFrom = maxInvoiced == null ? keepFrom : maxInvoiced.minus(overlap);
        versions.values().removeIf(v -> v.updatedAt().isBefore(keepFrom)
                && invoicedOrders.getOrDefault(v.entityId(), Instant.MIN).isBefore(keepInvoicesFrom));
        var report = new CycleReport(from, maxUpdated, maxInvoiced, seen, published, invoices, pages, newest);
        return new Result(report, versions, sends);
    }

    private static void requireLease(IntegrationConfigured integration, java.util.function.BooleanSupplier leased) {
        if (!leased.getAsBoolean()) {
            throw new LeaseLost(integration.integrationId());
        }
    }

    /** Where a cycle starts reading: the watermark minus the overlap, or the integration's start date. */
    Instant windowStart(IntegrationConfigured integration, Instant watermark) {
        if (watermark != null) {
            return watermark.minus(overlap);
        }
        return integration.startDate() != null ? integration.startDate() : Instant.EPOCH;
    }

    private boolean publishIfNew(IntegrationConfigured integration, UUID cycleId, OrderSnapshot order,
                                 OrderObserved.ObservedBy by, Map<Long, OrderVersion> versions,
                                 List<CompletableFuture<Void>> sends) {
        OrderVersion version = order.version();
        if (version.equals(versions.get(order.entityId()))) {
            return false;
        }
        versions.put(order.entityId(), version);
        var payload = new OrderObserved(integration.integrationId(), cycleId, by, order);
        // The id names the version, so a repeat after a crash is recognised downstream as the same record.
        String versionKey = integration.integrationId() + "|" + version;
        sends.add(publisher.send(Topics.RAW_ORDERS, Topics.orderKey(integration.integrationId(), order.entityId()),
                EventEnvelope.withStableId(versionKey, integration.accountId(), integration.integrationId(), payload, clock)));
        return true;
    }

    /**
     * Rows after ({@code time}, {@code id}) in ({@code field}, entity_id) order, as Magento's conjunctive
     * filter groups: {@code field >= time AND (field > time OR entity_id > id)}.
     */
    private SearchCriteria after(String field, Instant time, long id) {
        String at = MagentoTime.format(time);
        return SearchCriteria.builder()
                .where(field, "gteq", at)
                .anyOf(new SearchCriteria.Filter(field, at, "gt"), new SearchCriteria.Filter("entity_id", Long.toString(id), "gt"))
                .sortAscending(field)
                .sortAscending("entity_id")
                .pageSize(pageSize)
                .build();
    }

    private Instant newestUpdatedAt() {
        OrderPage newest = magento.searchOrders(SearchCriteria.builder().sortDescending("updated_at").pageSize(1).build());
        return newest.items().isEmpty() ? null : newest.items().get(0).updatedAt();
    }
}

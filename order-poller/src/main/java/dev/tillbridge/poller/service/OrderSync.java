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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The reading half of one sync cycle: every order Magento changed since (watermark − overlap), every
 * order with an invoice created since then, and Magento's newest {@code updated_at}.
 *
 * <p>Orders are read with a keyset cursor on ({@code updated_at}, {@code entity_id}) instead of offset
 * pages: each request asks for the next page after the last row seen, always as page 1. An order updated
 * while we page moves ahead of the cursor and is read again later, and no row can slide into a page we
 * already read, so nothing is skipped (offset paging over changing rows skips, docs/magento-api.md §8.4);
 * and since we never ask for a page past the end, Magento 2.3's "last page again" and 2.4's empty page
 * cannot loop us. {@code total_count} tells how many rows remain and is recorded with the cycle.
 *
 * <p>Two more reads catch orders Magento committed too late for that window ({@code updated_at} is stamped
 * when the transaction starts, docs/magento-api.md §8.2): every cycle, orders with an {@code entity_id} above the
 * highest one seen and an {@code updated_at} before the window (normally an empty answer); and, when the caller
 * asks for it, a sweep over the recent span that publishes only the orders whose current {@code updated_at}
 * was never published.
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

    /**
     * A cycle's findings and the sends still in flight. {@code published} holds the last version of each order
     * this cycle sent (the sweep's record of what was published).
     */
    public record Result(
            CycleReport report,
            Map<Long, OrderVersion> versionsInOverlap,
            Map<Long, OrderVersion> published,
            List<CompletableFuture<Void>> sends) {}

    /**
     * Asks the cycle to sweep {@code updated_at} from {@code from} up to its window: {@code published} maps each
     * order published in that span to the {@code updated_at} last published for it.
     */
    public record Sweep(Instant from, Map<Long, Instant> published) {}

    public Result run(IntegrationConfigured integration, SyncState state, Map<Long, OrderVersion> known, UUID cycleId) {
        return run(integration, state, known, cycleId, () -> true, null);
    }

    /**
     * As above; {@code leased} is asked before every request, and the cycle stops once it says no; {@code sweep}
     * (or null) adds the periodic sweep.
     */
    public Result run(
            IntegrationConfigured integration,
            SyncState state,
            Map<Long, OrderVersion> known,
            UUID cycleId,
            BooleanSupplier leased,
            Sweep sweep) {
        Instant from = windowStart(integration, state.watermark());
        Map<Long, OrderVersion> versions = new HashMap<>(known);
        Map<Long, OrderVersion> publishedNow = new LinkedHashMap<>();
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        Set<Long> seenThisCycle = new HashSet<>();
        int[] seen = {0};
        int[] published = {0};
        int[] foundLate = {0};
        int pages = 0;
        Instant[] maxUpdated = {state.watermark()};

        // Taken before the window is read, so every order above it that the window misses is asked for next cycle.
        long idFloor;
        if (state.maxEntityId() != null) {
            idFloor = state.maxEntityId();
        } else {
            requireLease(integration, leased);
            idFloor = highestEntityId();
            pages++;
        }
        long[] maxEntityId = {idFloor};

        pages += scanUpdatedAt(integration, leased, from, null, order -> {
            seen[0]++;
            seenThisCycle.add(order.entityId());
            maxEntityId[0] = Math.max(maxEntityId[0], order.entityId());
            if (publishIfNew(
                    integration,
                    cycleId,
                    order,
                    OrderObserved.ObservedBy.ORDER_SEARCH,
                    versions,
                    publishedNow,
                    sends)) {
                published[0]++;
            }
            maxUpdated[0] = maxUpdated[0] == null || order.updatedAt().isAfter(maxUpdated[0])
                    ? order.updatedAt()
                    : maxUpdated[0];
        });

        // Invoices do not always move the order's updated_at: read their orders too.
        Instant invoiceFrom = state.invoiceWatermark() == null
                ? from
                : state.invoiceWatermark().minus(overlap);
        Instant maxInvoiced = state.invoiceWatermark();
        Map<Long, Instant> invoicedOrders = new HashMap<>();
        int invoices = 0;
        Instant invCursorTime = invoiceFrom;
        long invCursorId = 0;
        while (true) {
            requireLease(integration, leased);
            InvoicePage page = magento.searchInvoices(
                    after("created_at", invCursorTime, invCursorId).build());
            pages++;
            for (InvoiceSummary invoice : page.items()) {
                invoices++;
                invoicedOrders.merge(invoice.orderId(), invoice.createdAt(), (a, b) -> a.isAfter(b) ? a : b);
                if (seenThisCycle.add(invoice.orderId())) {
                    OrderSnapshot order = magento.getOrder(invoice.orderId());
                    seen[0]++;
                    maxEntityId[0] = Math.max(maxEntityId[0], order.entityId());
                    if (publishIfNew(
                            integration,
                            cycleId,
                            order,
                            OrderObserved.ObservedBy.INVOICE_SEARCH,
                            versions,
                            publishedNow,
                            sends)) {
                        published[0]++;
                    }
                }
                maxInvoiced = maxInvoiced == null || invoice.createdAt().isAfter(maxInvoiced)
                        ? invoice.createdAt()
                        : maxInvoiced;
                invCursorTime = invoice.createdAt();
                invCursorId = invoice.entityId();
            }
            if (page.items().size() < pageSize) {
                break;
            }
        }

        // (a) Orders committed late with a new id: above the highest id seen, stamped before the window. Ids only
        // grow, so this is one request that normally answers nothing.
        long idCursor = idFloor;
        while (true) {
            requireLease(integration, leased);
            OrderPage page = magento.searchOrders(SearchCriteria.builder()
                    .where("entity_id", "gt", Long.toString(idCursor))
                    .where("updated_at", "lt", MagentoTime.format(from))
                    .sortAscending("entity_id")
                    .pageSize(pageSize)
                    .build());
            pages++;
            for (OrderSnapshot order : page.items()) {
                if (order.entityId() <= idCursor) {
                    throw outsideWindow(order);
                }
                idCursor = order.entityId();
                seen[0]++;
                maxEntityId[0] = Math.max(maxEntityId[0], order.entityId());
                if (seenThisCycle.add(order.entityId())
                        && publishIfNew(
                                integration,
                                cycleId,
                                order,
                                OrderObserved.ObservedBy.ORDER_SEARCH,
                                versions,
                                publishedNow,
                                sends)) {
                    published[0]++;
                    foundLate[0]++;
                }
            }
            if (page.items().size() < pageSize) {
                break;
            }
        }

        // (b) The sweep: orders changed in the recent span whose current updated_at was never published (a late
        // update of an existing order, or a new order whose id was below one already seen).
        if (sweep != null && sweep.from().isBefore(from)) {
            pages += scanUpdatedAt(integration, leased, sweep.from(), from, order -> {
                seen[0]++;
                maxEntityId[0] = Math.max(maxEntityId[0], order.entityId());
                if (!seenThisCycle.add(order.entityId())
                        || order.updatedAt().equals(sweep.published().get(order.entityId()))) {
                    return;
                }
                if (publishIfNew(
                        integration,
                        cycleId,
                        order,
                        OrderObserved.ObservedBy.ORDER_SEARCH,
                        versions,
                        publishedNow,
                        sends)) {
                    published[0]++;
                    foundLate[0]++;
                }
            });
        }

        Instant newest = newestUpdatedAt();
        // Keep the versions the next cycle can meet again: orders inside the updated_at overlap, and the
        // orders of invoices inside the invoice overlap (the next invoice search re-reads them).
        Instant keepFrom = maxUpdated[0] == null ? from : maxUpdated[0].minus(overlap);
        Instant keepInvoicesFrom = maxInvoiced == null ? keepFrom : maxInvoiced.minus(overlap);
        versions.values()
                .removeIf(v -> v.updatedAt().isBefore(keepFrom)
                        && invoicedOrders
                                .getOrDefault(v.entityId(), Instant.MIN)
                                .isBefore(keepInvoicesFrom));
        var report = new CycleReport(
                from,
                maxUpdated[0],
                maxInvoiced,
                seen[0],
                published[0],
                invoices,
                pages,
                newest,
                foundLate[0],
                maxEntityId[0],
                sweep != null);
        return new Result(report, versions, publishedNow, sends);
    }

    /**
     * Reads the orders with {@code from <= updated_at} (and {@code < before}, if given) with the keyset cursor,
     * hands each to {@code each}, and returns the number of requests.
     */
    private int scanUpdatedAt(
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
     * order, with {@code updated_at < before} if given. A page shorter than the page size is the last one. A resync
     * reads its span with this too, a page at a time.
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

    private static MagentoException outsideWindow(OrderSnapshot order) {
        return new MagentoException.UnreadableResponse(
                "GET /V1/orders",
                200,
                "Magento returned orders outside the requested window (order " + order.incrementId()
                        + "); it may ignore search filters.",
                null);
    }

    private static void requireLease(IntegrationConfigured integration, BooleanSupplier leased) {
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

    private boolean publishIfNew(
            IntegrationConfigured integration,
            UUID cycleId,
            OrderSnapshot order,
            OrderObserved.ObservedBy by,
            Map<Long, OrderVersion> versions,
            Map<Long, OrderVersion> publishedNow,
            List<CompletableFuture<Void>> sends) {
        OrderVersion version = order.version();
        if (version.equals(versions.get(order.entityId()))) {
            return false;
        }
        versions.put(order.entityId(), version);
        publishedNow.remove(order.entityId());
        publishedNow.put(order.entityId(), version);
        sends.add(publisher.send(
                Topics.RAW_ORDERS,
                Topics.orderKey(integration.integrationId(), order.entityId()),
                observation(integration, cycleId, by, order, clock)));
        return true;
    }

    /** The {@code raw-orders} record of one order version, from a cycle or a resync. */
    public static EventEnvelope<OrderObserved> observation(
            IntegrationConfigured integration,
            UUID cycleId,
            OrderObserved.ObservedBy by,
            OrderSnapshot order,
            Clock clock) {
        var payload = new OrderObserved(integration.integrationId(), cycleId, by, order);
        // The id names the version, so a repeat after a crash (or a resync's re-read) is recognised downstream as
        // the same record.
        String versionKey = integration.integrationId() + "|" + order.version();
        return EventEnvelope.withStableId(
                versionKey, integration.accountId(), integration.integrationId(), payload, clock);
    }

    /**
     * Rows after ({@code time}, {@code id}) in ({@code field}, entity_id) order, as Magento's conjunctive
     * filter groups: {@code field >= time AND (field > time OR entity_id > id)}.
     */
    private SearchCriteria.Builder after(String field, Instant time, long id) {
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
    private long highestEntityId() {
        OrderPage highest = magento.searchOrders(
                SearchCriteria.builder().sortDescending("entity_id").pageSize(1).build());
        return highest.items().isEmpty() ? 0 : highest.items().get(0).entityId();
    }

    private Instant newestUpdatedAt() {
        OrderPage newest = magento.searchOrders(SearchCriteria.builder()
                .sortDescending("updated_at")
                .pageSize(1)
                .build());
        return newest.items().isEmpty() ? null : newest.items().get(0).updatedAt();
    }
}

package dev.tillbridge.poller.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.events.order.OrderVersion;
import dev.tillbridge.magento.InvoicePage;
import dev.tillbridge.magento.InvoiceSummary;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.magento.MagentoTime;
import dev.tillbridge.magento.OrderPage;
import dev.tillbridge.magento.SearchCriteria;
import dev.tillbridge.magento.VersionPage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The reading half of one sync cycle: every order Magento changed since (watermark − overlap), every
 * order with an invoice created since then, and Magento's newest {@code updated_at}. An idle cycle (nothing changed,
 * no invoice) takes two small requests: the versions of the orders it would read ({@link
 * KeysetPages#versionsToRead}), all known already, and the new invoices, none.
 *
 * <p>Orders are read with a keyset cursor on ({@code updated_at}, {@code entity_id}) instead of offset
 * pages ({@link KeysetPages}): an order updated while we page moves ahead of the cursor and is read again later,
 * and no row can slide into a page we already read, so nothing is skipped (offset paging over changing rows skips,
 * docs/magento-api.md §8.4); and since we never ask for a page past the end, Magento 2.3's "last page again" and
 * 2.4's empty page cannot loop us.
 *
 * <p>Two more reads catch orders Magento committed too late for that window ({@code updated_at} is stamped
 * when the transaction starts, docs/magento-api.md §8.2): every cycle, orders with an {@code entity_id} above the
 * highest one seen and an {@code updated_at} before the window (normally an empty answer); and, when the caller
 * asks for it, a sweep over the recent span that publishes only the orders whose current {@code updated_at}
 * was never published. What each read found is tallied in {@link CycleFindings}.
 *
 * <p>Sends are asynchronous; the caller waits for all of them before it moves the watermark.
 */
public final class OrderSync {

    private final MagentoClient magento;
    private final KeysetPages pages;
    private final OrderPublisher publisher;
    private final Clock clock;
    private final Duration overlap;

    public OrderSync(MagentoClient magento, OrderPublisher publisher, Clock clock, Duration overlap, int pageSize) {
        this.magento = magento;
        this.pages = new KeysetPages(magento, pageSize);
        this.publisher = publisher;
        this.clock = clock;
        this.overlap = overlap;
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
        return run(integration, state, known, cycleId, () -> true, null, () -> {});
    }

    /**
     * As above; {@code leased} is asked before every request, and the cycle stops once it says no; {@code sweep}
     * (or null) adds the periodic sweep; {@code working} is told, before the first read beyond the cycle's two
     * probes (the orders to read, the invoices), that the cycle has orders to read: an idle cycle never calls it.
     */
    public Result run(
            IntegrationConfigured integration,
            SyncState state,
            Map<Long, OrderVersion> known,
            UUID cycleId,
            BooleanSupplier leased,
            Sweep sweep,
            Runnable working) {
        Instant from = windowStart(integration, state.watermark());
        int requests = 0;

        // Taken before the window is read, so every order above it that the window misses is asked for next cycle.
        long idFloor;
        if (state.maxEntityId() != null) {
            idFloor = state.maxEntityId();
        } else {
            KeysetPages.requireLease(integration, leased);
            idFloor = pages.highestEntityId();
            requests++;
        }
        var found = new CycleFindings(integration, cycleId, publisher, clock, known, state.watermark(), idFloor);

        // One small request tells whether the window or the new-id read has anything the cycle does not know:
        // most cycles of a fleet read no order beyond it. Magento's newest updated_at (the SYNC_STALLED input) is the
        // newest the cycle saw in its window.
        KeysetPages.requireLease(integration, leased);
        VersionPage toRead = pages.versionsToRead(from, idFloor);
        requests++;
        boolean ordersToRead = toRead.totalCount() > toRead.items().size()
                || toRead.items().stream().anyMatch(v -> !v.equals(known.get(v.entityId())));
        Instant newest = toRead.items().stream()
                .map(OrderVersion::updatedAt)
                .filter(t -> !t.isBefore(from))
                .max(Instant::compareTo)
                .orElse(null);
        if (ordersToRead) {
            working.run();
            requests += pages.scanUpdatedAt(integration, leased, from, null, found::inWindow);
            newest = found.newestInWindow();
        }
        Invoices invoices = readInvoicedOrders(integration, leased, state, from, found, working);
        requests += invoices.requests();
        if (ordersToRead) {
            requests += readNewIdsBelowWindow(integration, leased, from, idFloor, found);
        }
        if (sweep != null && sweep.from().isBefore(from)) {
            working.run();
            requests += pages.scanUpdatedAt(
                    integration, leased, sweep.from(), from, order -> found.swept(order, sweep.published()));
        }

        // Keep the versions the next cycle can meet again: orders inside the updated_at overlap, and the
        // orders of invoices inside the invoice overlap (the next invoice search re-reads them).
        Map<Long, OrderVersion> versions = found.versions();
        Instant keepFrom =
                found.maxUpdated() == null ? from : found.maxUpdated().minus(overlap);
        Instant keepInvoicesFrom =
                invoices.newest() == null ? keepFrom : invoices.newest().minus(overlap);
        versions.values()
                .removeIf(v -> v.updatedAt().isBefore(keepFrom)
                        && invoices.orders()
                                .getOrDefault(v.entityId(), Instant.MIN)
                                .isBefore(keepInvoicesFrom));
        var report = new CycleReport(
                from,
                found.maxUpdated(),
                invoices.newest(),
                found.ordersSeen(),
                found.ordersPublished(),
                invoices.count(),
                requests,
                newest,
                found.foundLate(),
                found.maxEntityId(),
                sweep != null,
                invoices.readInOverlap(overlap));
        return new Result(report, versions, found.published(), found.sends());
    }

    /**
     * What the invoice read found: how many invoices, the newest {@code created_at} (the next invoice watermark), the
     * newest invoice per order, and the requests it took.
     */
    private record Invoices(
            int count, Instant newest, Map<Long, Instant> orders, Map<Long, Instant> read, int requests) {

        /** The invoices the next cycle meets again in its overlap whose orders were read after them. */
        Set<Long> readInOverlap(Duration overlap) {
            if (newest == null) {
                return Set.of();
            }
            Instant from = newest.minus(overlap);
            Set<Long> ids = new HashSet<>();
            read.forEach((id, created) -> {
                if (!created.isBefore(from)) {
                    ids.add(id);
                }
            });
            return Set.copyOf(ids);
        }
    }

    /**
     * Invoices do not always move the order's {@code updated_at}: the orders of new invoices are read too. An invoice
     * the last committed cycle read already ({@link SyncState#invoicesRead}: it is met again inside the overlap) has
     * its order read already: that order's later changes move its {@code updated_at} or bring a new invoice. An
     * invoice counts as read only when its order was read after the page that showed it: an order the window read
     * earlier in the cycle may predate an invoice committed in between, so the next cycle reads it once more.
     */
    private Invoices readInvoicedOrders(
            IntegrationConfigured integration,
            BooleanSupplier leased,
            SyncState state,
            Instant from,
            CycleFindings found,
            Runnable working) {
        Instant invoiceFrom = state.invoiceWatermark() == null
                ? from
                : state.invoiceWatermark().minus(overlap);
        Instant maxInvoiced = state.invoiceWatermark();
        Map<Long, Instant> invoicedOrders = new HashMap<>();
        Map<Long, Instant> readInvoices = new HashMap<>();
        Set<Long> alreadyRead = state.invoicesRead() == null ? Set.of() : state.invoicesRead();
        int invoices = 0;
        int requests = 0;
        Instant cursorTime = invoiceFrom;
        long cursorId = 0;
        while (true) {
            KeysetPages.requireLease(integration, leased);
            InvoicePage page = magento.searchInvoices(
                    pages.after("created_at", cursorTime, cursorId).build());
            requests++;
            Set<Long> readForThisPage = new HashSet<>();
            for (InvoiceSummary invoice : page.items()) {
                invoices++;
                invoicedOrders.merge(invoice.orderId(), invoice.createdAt(), (a, b) -> a.isAfter(b) ? a : b);
                if (alreadyRead.contains(invoice.entityId())) {
                    readInvoices.put(invoice.entityId(), invoice.createdAt());
                } else if (found.unread(invoice.orderId())) {
                    working.run();
                    found.invoiced(magento.getOrder(invoice.orderId()));
                    readForThisPage.add(invoice.orderId());
                    readInvoices.put(invoice.entityId(), invoice.createdAt());
                } else if (readForThisPage.contains(invoice.orderId())) {
                    readInvoices.put(invoice.entityId(), invoice.createdAt());
                }
                maxInvoiced = maxInvoiced == null || invoice.createdAt().isAfter(maxInvoiced)
                        ? invoice.createdAt()
                        : maxInvoiced;
                cursorTime = invoice.createdAt();
                cursorId = invoice.entityId();
            }
            if (page.items().size() < pages.pageSize()) {
                return new Invoices(invoices, maxInvoiced, invoicedOrders, readInvoices, requests);
            }
        }
    }

    /**
     * Orders committed late with a new id: above the highest id seen, stamped before the window. Ids only grow, so
     * this is one request that normally answers nothing. Returns the number of requests.
     */
    private int readNewIdsBelowWindow(
            IntegrationConfigured integration,
            BooleanSupplier leased,
            Instant from,
            long idFloor,
            CycleFindings found) {
        int requests = 0;
        long idCursor = idFloor;
        while (true) {
            KeysetPages.requireLease(integration, leased);
            OrderPage page = magento.searchOrders(SearchCriteria.builder()
                    .where("entity_id", "gt", Long.toString(idCursor))
                    .where("updated_at", "lt", MagentoTime.format(from))
                    .sortAscending("entity_id")
                    .pageSize(pages.pageSize())
                    .build());
            requests++;
            for (OrderSnapshot order : page.items()) {
                if (order.entityId() <= idCursor) {
                    throw KeysetPages.outsideWindow(order);
                }
                idCursor = order.entityId();
                found.newIdBelowWindow(order);
            }
            if (page.items().size() < pages.pageSize()) {
                return requests;
            }
        }
    }

    /** Where a cycle starts reading: the watermark minus the overlap, or the integration's start date. */
    Instant windowStart(IntegrationConfigured integration, Instant watermark) {
        if (watermark != null) {
            return watermark.minus(overlap);
        }
        return integration.startDate() != null ? integration.startDate() : Instant.EPOCH;
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
}

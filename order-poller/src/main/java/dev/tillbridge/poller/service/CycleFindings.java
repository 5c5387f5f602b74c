package dev.tillbridge.poller.service;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.events.order.OrderVersion;
import java.time.Clock;
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

/**
 * What one cycle has read and sent so far, by the read that found each order: the counts of its report, the newest
 * {@code updated_at} and the highest entity id seen, the version of every order it knows (the overlap versions it
 * started with, and every one it read), the last version of each order it published, and the sends in flight. An
 * order whose version is known is not published again; an order read twice in one cycle counts once for the
 * reconciliation reads.
 */
final class CycleFindings {

    private final IntegrationConfigured integration;
    private final UUID cycleId;
    private final OrderPublisher publisher;
    private final Clock clock;
    private final Map<Long, OrderVersion> versions;
    private final Map<Long, OrderVersion> published = new LinkedHashMap<>();
    private final List<CompletableFuture<Void>> sends = new ArrayList<>();
    private final Set<Long> readThisCycle = new HashSet<>();
    private int ordersSeen;
    private int ordersPublished;
    private int foundLate;
    private long maxEntityId;
    private final Instant watermark;
    private Instant newestInWindow;

    /**
     * @param known the overlap versions the cycle starts with
     * @param watermark the cycle's starting watermark, the newest {@code updated_at} until one is read
     * @param idFloor the highest entity id seen before this cycle
     */
    CycleFindings(
            IntegrationConfigured integration,
            UUID cycleId,
            OrderPublisher publisher,
            Clock clock,
            Map<Long, OrderVersion> known,
            Instant watermark,
            long idFloor) {
        this.integration = integration;
        this.cycleId = cycleId;
        this.publisher = publisher;
        this.clock = clock;
        this.versions = new HashMap<>(known);
        this.watermark = watermark;
        this.maxEntityId = idFloor;
    }

    /** An order of the window (the regular {@code updated_at} search): it moves the watermark. */
    void inWindow(OrderSnapshot order) {
        seen(order);
        readThisCycle.add(order.entityId());
        if (publishIfNew(order, OrderObserved.ObservedBy.ORDER_SEARCH)) {
            ordersPublished++;
        }
        newestInWindow = newestInWindow == null || order.updatedAt().isAfter(newestInWindow)
                ? order.updatedAt()
                : newestInWindow;
    }

    /** Whether the order of an invoice is still to be read in this cycle (each order is read once). */
    boolean unread(long entityId) {
        return readThisCycle.add(entityId);
    }

    /** The order of an invoice created in the invoice window. */
    void invoiced(OrderSnapshot order) {
        seen(order);
        if (publishIfNew(order, OrderObserved.ObservedBy.INVOICE_SEARCH)) {
            ordersPublished++;
        }
    }

    /** An order with an entity id above the highest seen and an {@code updated_at} before the window. */
    void newIdBelowWindow(OrderSnapshot order) {
        seen(order);
        if (readThisCycle.add(order.entityId()) && publishIfNew(order, OrderObserved.ObservedBy.ORDER_SEARCH)) {
            ordersPublished++;
            foundLate++;
        }
    }

    /**
     * An order the sweep read: published only when its current {@code updated_at} is not the one last published for
     * it ({@code publishedBefore}).
     */
    void swept(OrderSnapshot order, Map<Long, Instant> publishedBefore) {
        seen(order);
        if (!readThisCycle.add(order.entityId()) || order.updatedAt().equals(publishedBefore.get(order.entityId()))) {
            return;
        }
        if (publishIfNew(order, OrderObserved.ObservedBy.ORDER_SEARCH)) {
            ordersPublished++;
            foundLate++;
        }
    }

    private void seen(OrderSnapshot order) {
        ordersSeen++;
        maxEntityId = Math.max(maxEntityId, order.entityId());
    }

    private boolean publishIfNew(OrderSnapshot order, OrderObserved.ObservedBy by) {
        OrderVersion version = order.version();
        if (version.equals(versions.get(order.entityId()))) {
            return false;
        }
        versions.put(order.entityId(), version);
        published.remove(order.entityId());
        published.put(order.entityId(), version);
        sends.add(publisher.send(
                Topics.RAW_ORDERS,
                Topics.orderKey(integration.integrationId(), order.entityId()),
                OrderSync.observation(integration, cycleId, by, order, clock)));
        return true;
    }

    int ordersSeen() {
        return ordersSeen;
    }

    int ordersPublished() {
        return ordersPublished;
    }

    int foundLate() {
        return foundLate;
    }

    long maxEntityId() {
        return maxEntityId;
    }

    /** The newest {@code updated_at} read in the window, or null when the window had no order. */
    Instant newestInWindow() {
        return newestInWindow;
    }

    /** The newest {@code updated_at} read in the window, or the starting watermark. */
    Instant maxUpdated() {
        return watermark == null || (newestInWindow != null && newestInWindow.isAfter(watermark))
                ? newestInWindow
                : watermark;
    }

    /** Every version the cycle knows: what it started with and what it read. */
    Map<Long, OrderVersion> versions() {
        return versions;
    }

    /** The last version of each order this cycle published, in the order published. */
    Map<Long, OrderVersion> published() {
        return published;
    }

    List<CompletableFuture<Void>> sends() {
        return sends;
    }
}

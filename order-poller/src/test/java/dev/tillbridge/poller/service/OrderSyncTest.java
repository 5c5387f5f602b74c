package dev.tillbridge.poller.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.order.OrderVersion;
import dev.tillbridge.infra.SimulatorExtension;
import dev.tillbridge.magento.MagentoClient;
import dev.tillbridge.poller.PollerTestSupport;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.search.PagePastEnd;
import dev.tillbridge.simulator.store.NewOrder;
import dev.tillbridge.simulator.store.Order;
import dev.tillbridge.simulator.store.OrderChange;
import dev.tillbridge.simulator.store.OrderSeed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reading half of a cycle against the simulator, without Kafka: the paging cases that lose orders in
 * naive pollers (same-second rows, rows changing while we page, both page-past-the-end behaviours).
 */
class OrderSyncTest {

    private static final String TOKEN = "sync-test-token";
    private static final Duration OVERLAP = Duration.ofSeconds(120);

    @RegisterExtension
    static final SimulatorExtension magento = new SimulatorExtension();

    /** Collects what a cycle publishes; optionally changes the store between sends, i.e. while the cycle pages. */
    private static final class RecordingPublisher implements OrderPublisher {
        final List<OrderObserved> published = new ArrayList<>();
        Runnable onSend = () -> {};

        @Override
        public CompletableFuture<Void> send(String topic, String key, EventEnvelope<?> envelope) {
            published.add((OrderObserved) envelope.payload());
            onSend.run();
            return CompletableFuture.completedFuture(null);
        }

        /** What the runner records for the sweep: the updated_at last published per order. */
        Map<Long, Instant> lastPublishedUpdatedAt() {
            Map<Long, Instant> last = new HashMap<>();
            published.forEach(o -> last.put(o.order().entityId(), o.order().updatedAt()));
            return last;
        }

        long timesPublished(long entityId) {
            return published.stream()
                    .filter(o -> o.order().entityId() == entityId)
                    .count();
        }
    }

    private static SimulatedStore store(PagePastEnd mode) {
        return magento.createStore(
                StoreSpec.tenant("p" + UUID.randomUUID().toString().substring(0, 8))
                        .withBearerToken(TOKEN)
                        .withPagePastEnd(mode));
    }

    private static MagentoClient client(SimulatedStore store) {
        return PollerTestSupport.client(store, TOKEN);
    }

    private static IntegrationConfigured integration() {
        return PollerTestSupport.integration("int-sync", "http://unused", "v1:x", 60);
    }

    /** Runs cycles the way the runner does (watermark and overlap versions carried over) and returns the state. */
    private static SyncState cycle(
            SimulatedStore store,
            RecordingPublisher publisher,
            SyncState state,
            Map<Long, OrderVersion> versions,
            int pageSize) {
        return cycle(store, publisher, state, versions, pageSize, null).state();
    }

    private record CycleOutcome(SyncState state, CycleReport report) {}

    /** As above, with an optional sweep over the given span before the watermark. */
    private static CycleOutcome cycle(
            SimulatedStore store,
            RecordingPublisher publisher,
            SyncState state,
            Map<Long, OrderVersion> versions,
            int pageSize,
            Duration sweepSpan) {
        var sync = new OrderSync(client(store), publisher, Clock.systemUTC(), OVERLAP, pageSize);
        OrderSync.Sweep sweep = sweepSpan == null
                ? null
                : new OrderSync.Sweep(state.watermark().minus(sweepSpan), publisher.lastPublishedUpdatedAt());
        OrderSync.Result result =
                sync.run(integration(), state, versions, UUID.randomUUID(), () -> true, sweep, () -> {});
        versions.clear();
        versions.putAll(result.versionsInOverlap());
        CycleReport report = result.report();
        return new CycleOutcome(
                new SyncState(
                        state.integrationId(),
                        report.newWatermark(),
                        report.newInvoiceWatermark(),
                        0,
                        null,
                        report.maxEntityId(),
                        null,
                        null,
                        state.generation(),
                        report.invoicesRead()),
                report);
    }

    private static void assertEveryOrderPublishedAtItsLatestVersion(
            SimulatedStore store, RecordingPublisher publisher) {
        Map<Long, Instant> latestPublished = new HashMap<>();
        publisher.published.forEach(o ->
                latestPublished.merge(o.order().entityId(), o.order().updatedAt(), (a, b) -> a.isAfter(b) ? a : b));
        for (Order order : store.orders()) {
            assertThat(latestPublished.get((long) order.entityId()))
                    .as("order %s", order.incrementId())
                    .isEqualTo(order.updatedAt());
        }
    }

    @ParameterizedTest
    @EnumSource(PagePastEnd.class)
    void sameSecondOrdersSpanningSeveralPagesAreAllRead(PagePastEnd mode) {
        SimulatedStore store = store(mode);
        Instant second = Instant.parse("2026-11-28T10:00:00Z");
        store.seedOrders(OrderSeed.of(45).withCreatedBetween(second, second));
        var publisher = new RecordingPublisher();

        cycle(store, publisher, SyncState.initial("int-sync"), new HashMap<>(), 10);

        assertThat(publisher.published)
                .extracting(o -> o.order().entityId())
                .doesNotHaveDuplicates()
                .hasSize(45);
    }

    @ParameterizedTest
    @EnumSource(PagePastEnd.class)
    void ordersUpdatedWhileTheCyclePagesAreNeverMissed(PagePastEnd mode) {
        SimulatedStore store = store(mode);
        store.seedOrders(OrderSeed.of(300).withSeed(7));
        List<Order> orders = store.orders();
        var random = new Random(42);
        var publisher = new RecordingPublisher();
        // Every third send, another extension saves some order: it moves to the end of the updated_at order,
        // which with offset paging shifts the rows behind it into pages already read.
        int[] sends = {0};
        publisher.onSend = () -> {
            if (++sends[0] % 3 == 0) {
                store.touchOrder(orders.get(random.nextInt(orders.size())).entityId());
            }
        };
        Map<Long, OrderVersion> versions = new HashMap<>();
        SyncState state = cycle(store, publisher, SyncState.initial("int-sync"), versions, 25);
        publisher.onSend = () -> {};
        cycle(store, publisher, state, versions, 25);

        assertEveryOrderPublishedAtItsLatestVersion(store, publisher);
    }

    @Test
    void aQuietCycleRepublishesNothingFromTheOverlap() {
        SimulatedStore store = store(PagePastEnd.MAGENTO_24);
        store.seedOrders(OrderSeed.of(30));
        for (Order order : store.orders().subList(0, 5)) {
            store.touchOrder(order.entityId());
        }
        var publisher = new RecordingPublisher();
        Map<Long, OrderVersion> versions = new HashMap<>();
        SyncState state = cycle(store, publisher, SyncState.initial("int-sync"), versions, 10);
        int first = publisher.published.size();
        cycle(store, publisher, state, versions, 10);

        assertThat(first).isEqualTo(30);
        assertThat(publisher.published).hasSize(30);
        assertThat(versions).as("recent versions kept for the overlap").isNotEmpty();
    }

    @Test
    void anInvoiceThatDidNotTouchTheOrderStillBringsTheOrderBack() {
        SimulatedStore store = store(PagePastEnd.MAGENTO_24);
        store.seedOrders(OrderSeed.of(3).withStates(Map.of("new", 1)).withInvoicedFraction(0));
        var publisher = new RecordingPublisher();
        Map<Long, OrderVersion> versions = new HashMap<>();
        SyncState state = cycle(store, publisher, SyncState.initial("int-sync"), versions, 10);
        Order order = store.orders().get(1);
        store.invoiceOrder(order.entityId());

        cycle(store, publisher, state, versions, 10);

        assertThat(publisher.published)
                .filteredOn(o -> o.order().entityId() == order.entityId())
                .last()
                .satisfies(o -> assertThat(o.order().baseTotalInvoiced()).isPositive());
    }

    @Test
    void newOrdersCommittedLateBeforeTheWindowAreFoundByTheirEntityIdInTheNextCycle() {
        SimulatedStore store = store(PagePastEnd.MAGENTO_24);
        for (int i = 0; i < 3; i++) {
            store.createOrder(NewOrder.inState("new"));
        }
        var publisher = new RecordingPublisher();
        Map<Long, OrderVersion> versions = new HashMap<>();
        SyncState state = cycle(store, publisher, SyncState.initial("int-sync"), versions, 10);
        Instant now = store.now();
        Order fiveMinutes = store.createOrder(NewOrder.inState("new").committedLate(now.minus(Duration.ofMinutes(5))));
        Order halfAnHour =
                store.createOrder(NewOrder.inState("processing").committedLate(now.minus(Duration.ofMinutes(30))));

        CycleOutcome next = cycle(store, publisher, state, versions, 10, null);
        CycleOutcome after = cycle(store, publisher, next.state(), versions, 10, null);

        assertThat(next.report().ordersFoundLate()).isEqualTo(2);
        assertThat(publisher.timesPublished(fiveMinutes.entityId())).isEqualTo(1);
        assertThat(publisher.timesPublished(halfAnHour.entityId())).isEqualTo(1);
        assertThat(next.state().maxEntityId()).isEqualTo((long) halfAnHour.entityId());
        assertThat(after.report().ordersFoundLate()).isZero();
        assertThat(publisher.published).hasSize(5);
    }

    @Test
    void updatesCommittedLateAreMissedByTheWindowAndFoundOnceByTheSweep() {
        SimulatedStore store = store(PagePastEnd.MAGENTO_24);
        Instant now = store.now();
        store.seedOrders(OrderSeed.of(20)
                .withStates(Map.of("new", 1))
                .withCreatedBetween(now.minus(Duration.ofHours(3)), now.minus(Duration.ofHours(2))));
        store.createOrder(NewOrder.inState("new"));
        var publisher = new RecordingPublisher();
        Map<Long, OrderVersion> versions = new HashMap<>();
        SyncState state = cycle(store, publisher, SyncState.initial("int-sync"), versions, 7);
        Order first = store.orders().get(0);
        Order second = store.orders().get(1);
        store.updateOrder(first.entityId(), OrderChange.committedLate("processing", now.minus(Duration.ofMinutes(30))));
        store.updateOrder(second.entityId(), OrderChange.committedLate(null, now.minus(Duration.ofMinutes(5))));

        CycleOutcome regular = cycle(store, publisher, state, versions, 7, null);
        assertThat(regular.report().ordersFoundLate())
                .as("the updated_at window cannot see them")
                .isZero();
        CycleOutcome swept = cycle(store, publisher, regular.state(), versions, 7, Duration.ofHours(24));
        CycleOutcome sweptAgain = cycle(store, publisher, swept.state(), versions, 7, Duration.ofHours(24));

        assertThat(swept.report().ordersFoundLate()).isEqualTo(2);
        assertThat(sweptAgain.report().ordersFoundLate()).isZero();
        assertThat(publisher.timesPublished(first.entityId())).isEqualTo(2);
        assertThat(publisher.timesPublished(second.entityId())).isEqualTo(2);
        assertThat(publisher.published).hasSize(21 + 2);
        assertEveryOrderPublishedAtItsLatestVersion(store, publisher);
    }
}

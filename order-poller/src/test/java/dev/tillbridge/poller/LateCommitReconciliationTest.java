package dev.tillbridge.poller;

import static dev.tillbridge.poller.PollerTestSupport.of;
import static dev.tillbridge.poller.PollerTestSupport.payload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.SyncCycle;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.store.NewOrder;
import dev.tillbridge.simulator.store.Order;
import dev.tillbridge.simulator.store.OrderChange;
import dev.tillbridge.simulator.store.OrderSeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Orders Magento committed after the watermark passed their updated_at (issue 12): new orders are found by their
 * entity id in the next cycle, late updates of existing orders by the sweep (every 2 s in the test profile); each
 * reaches raw-orders once, and the integration gets an Info line saying how many were missed.
 */
@QuarkusTest
@WithTestResource(PollerTestResource.class)
class LateCommitReconciliationTest {

    private static final String TOKEN = "late-commit-token";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern FOUND_LATE =
            Pattern.compile("Found (\\d+) orders? the regular sync missed \\(committed late in Magento\\)\\.");

    @RegisterExtension
    static final PollerTestSupport poller = new PollerTestSupport();

    private SimulatedStore store;

    @BeforeEach
    void setUp() {
        store = poller.store("l", TOKEN);
    }

    private static OrderSnapshot order(ConsumerRecord<String, String> r) {
        return payload(r, OrderObserved.class).order();
    }

    /** Waits until raw-orders holds each given order at its current updated_at; returns all of the integration's. */
    private List<OrderSnapshot> waitForVersions(IntegrationConfigured integration, List<Order> orders) {
        return poller
                .kafka()
                .readUntil(
                        Topics.RAW_ORDERS,
                        of(integration),
                        found -> orders.stream()
                                .allMatch(o -> found.stream()
                                        .map(LateCommitReconciliationTest::order)
                                        .anyMatch(s -> s.entityId() == o.entityId()
                                                && s.updatedAt().equals(o.updatedAt()))),
                        WAIT)
                .stream()
                .map(LateCommitReconciliationTest::order)
                .toList();
    }

    private int ordersReportedMissed(IntegrationConfigured integration, int atLeast) {
        Function<List<ConsumerRecord<String, String>>, Integer> sum = lines -> lines.stream()
                .map(r -> FOUND_LATE.matcher(payload(r, LogEntry.class).message()))
                .filter(Matcher::matches)
                .mapToInt(m -> Integer.parseInt(m.group(1)))
                .sum();
        return sum.apply(poller.kafka()
                .readUntil(
                        Topics.INTEGRATION_LOGS,
                        of(integration).and(r -> payload(r, LogEntry.class).type() == LogType.INFO),
                        found -> sum.apply(found) >= atLeast,
                        WAIT));
    }

    /** Waits for a successful cycle that ended after {@code after} with its watermark at or past {@code watermark}. */
    private void waitForCycleEndedAfter(IntegrationConfigured integration, Instant after, Instant watermark) {
        var ended = poller.kafka()
                .readUntil(
                        Topics.SYNC_CYCLES,
                        of(integration).and(r -> r.value().contains(SyncCycle.ENDED_TYPE)),
                        found -> found.stream().anyMatch(r -> {
                            var envelope = EventJson.decode(r.value(), SyncCycle.class);
                            SyncCycle cycle = envelope.payload();
                            return cycle.outcome() == SyncCycle.Outcome.SUCCEEDED
                                    && envelope.occurredAt().isAfter(after)
                                    && cycle.windowTo() != null
                                    && !cycle.windowTo().isBefore(watermark);
                        }),
                        WAIT);
        assertThat(ended)
                .as("a cycle ended after %s with watermark %s", after, watermark)
                .isNotEmpty();
    }

    @Test
    void ordersCommittedLateAreDownloadedOnceAndReportedAsMissed() {
        Instant now = store.now();
        store.seedOrders(OrderSeed.of(5)
                .withStates(Map.of("new", 1))
                .withCreatedBetween(now.minus(Duration.ofHours(3)), now.minus(Duration.ofHours(2))));
        Order fresh = store.createOrder(NewOrder.inState("new"));
        var integration = poller.publish(store, TOKEN, DownloadMode.AUTO_INVOICE, 1);
        waitForVersions(integration, store.orders());
        // The watermark has passed every timestamp the late commits below will carry.
        waitForCycleEndedAfter(integration, Instant.now(), fresh.updatedAt());

        Instant storeNow = store.now();
        Order newFiveMinutes =
                store.createOrder(NewOrder.inState("new").committedLate(storeNow.minus(Duration.ofMinutes(5))));
        Order newHalfAnHour =
                store.createOrder(NewOrder.inState("processing").committedLate(storeNow.minus(Duration.ofMinutes(30))));
        List<Order> seeded = store.orders().subList(0, 2);
        Order updatedHalfAnHour = store.updateOrder(
                seeded.get(0).entityId(),
                OrderChange.committedLate("processing", storeNow.minus(Duration.ofMinutes(30))));
        Order updatedFiveMinutes = store.updateOrder(
                seeded.get(1).entityId(), OrderChange.committedLate("holded", storeNow.minus(Duration.ofMinutes(5))));

        waitForVersions(integration, List.of(newFiveMinutes, newHalfAnHour, updatedHalfAnHour, updatedFiveMinutes));
        assertThat(ordersReportedMissed(integration, 4)).isEqualTo(4);

        // Later cycles and sweeps publish none of them again.
        waitForCycleEndedAfter(integration, Instant.now().plusSeconds(5), storeNow);
        List<OrderSnapshot> published = poller.kafka().readAll(Topics.RAW_ORDERS, of(integration)).stream()
                .map(LateCommitReconciliationTest::order)
                .toList();
        Map<String, Long> timesPublished = published.stream()
                .collect(Collectors.groupingBy(o -> o.version().toString(), Collectors.counting()));
        assertThat(timesPublished)
                .allSatisfy((version, times) -> assertThat(times).as(version).isEqualTo(1L));
        assertThat(published).hasSize(6 + 4);
        assertThat(ordersReportedMissed(integration, 4)).isEqualTo(4);
    }
}

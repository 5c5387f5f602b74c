package dev.tillbridge.filter;

import static dev.tillbridge.filter.FilterTestSupport.payload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.simulator.store.Order;
import dev.tillbridge.simulator.store.OrderSeed;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * What a resync (issue 16) sends arrives here as the poller sends it: observations of every order read, and with force
 * a re-download request before each that applies only to orders released before. Released orders are not released
 * again without force; an order never released is released once; with force the released ones go out again marked
 * as re-downloads, a skipped one stays skipped, and a step repeated after a crash releases nothing twice.
 */
@QuarkusTest
@WithTestResource(FilterTestResource.class)
class ResyncDecisionsTest extends FilterScenarioTest {

    @Test
    void resyncReleasesOnlyWhatWasNeverReleasedAndWithForceReDownloadsTheReleasedOnes() {
        var integration = support.publishIntegration(store, DownloadMode.WAIT_FOR_INVOICE);
        store.seedOrders(OrderSeed.of(2).withStates(Map.of("processing", 1)).withInvoicedFraction(1.0));
        List<Order> invoiced = store.orders();
        store.seedOrders(OrderSeed.of(1).withStates(Map.of("processing", 1)).withInvoicedFraction(0.0));
        Order awaiting = store.orders().get(2);
        Order released = invoiced.get(0);
        Order missed = invoiced.get(1);
        String id = integration.integrationId();

        // The regular cycles saw two of them: one released, one skipped (awaiting its invoice).
        OrderSnapshot releasedSnapshot = support.observe(integration, store, released.entityId());
        OrderSnapshot awaitingSnapshot = support.observe(integration, store, awaiting.entityId());
        support.read(Topics.FILTERED_ORDERS, id, 1, WAIT);
        support.read(Topics.SKIPPED_ORDERS, id, 1, WAIT);

        // A resync without force: every order read goes out again as an observation.
        support.publish(integration, releasedSnapshot);
        support.publish(integration, awaitingSnapshot);
        OrderSnapshot missedSnapshot = support.observe(integration, store, missed.entityId());
        var afterPlain = support.read(Topics.FILTERED_ORDERS, id, 2, WAIT);
        assertThat(afterPlain)
                .extracting(r -> payload(r, OrderReleased.class).order().entityId())
                .containsExactlyInAnyOrder(Long.valueOf(released.entityId()), Long.valueOf(missed.entityId()));

        // A forced resync: a re-download that applies to released orders only, then the observation; its step sent
        // twice (a crash before its cursor moved) with the same record ids.
        UUID resyncId = UUID.randomUUID();
        for (int attempt = 0; attempt < 2; attempt++) {
            for (OrderSnapshot order : List.of(releasedSnapshot, awaitingSnapshot, missedSnapshot)) {
                forced(integration, resyncId, order);
                support.publish(integration, order);
            }
        }

        // Each order's records share a partition, so offsets order them; across partitions the read order is
        // arbitrary.
        support.read(Topics.FILTERED_ORDERS, id, 4, WAIT);
        var all = support.readSettled(Topics.FILTERED_ORDERS, id);
        assertThat(all).hasSize(4);
        for (Order order : List.of(released, missed)) {
            List<Boolean> redownloads = all.stream()
                    .filter(r -> payload(r, OrderReleased.class).order().entityId() == order.entityId())
                    .sorted(Comparator.comparingLong(ConsumerRecord::offset))
                    .map(r -> payload(r, OrderReleased.class).redownload())
                    .toList();
            assertThat(redownloads)
                    .as("order %s: first its release, then the forced re-download", order.entityId())
                    .containsExactly(false, true);
        }
        assertThat(support.readSettled(Topics.SKIPPED_ORDERS, id))
                .singleElement()
                .satisfies(r ->
                        assertThat(payload(r, OrderSkipped.class).entityId()).isEqualTo(awaiting.entityId()));
    }

    private void forced(IntegrationConfigured integration, UUID resyncId, OrderSnapshot order) {
        kafka.sendEvent(
                Topics.RAW_ORDERS,
                Topics.orderKey(integration.integrationId(), order.entityId()),
                EventEnvelope.withStableId(
                        resyncId + "|" + order.entityId(),
                        integration.accountId(),
                        integration.integrationId(),
                        new RedownloadRequested(
                                integration.integrationId(), order.entityId(), "resync by ops@example.test", true),
                        Clock.systemUTC()));
    }
}

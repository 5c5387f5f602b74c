package dev.tillbridge.pusher;

import static dev.tillbridge.pusher.support.PusherTestSupport.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.ProductUpdate;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.infra.TillbridgeTestResource;
import dev.tillbridge.pusher.messaging.KafkaPusherEvents;
import dev.tillbridge.pusher.messaging.OffsetTracker;
import dev.tillbridge.pusher.service.ProductPusher;
import dev.tillbridge.pusher.service.PushSettings;
import dev.tillbridge.pusher.service.RunKey;
import dev.tillbridge.pusher.service.RunRepository;
import dev.tillbridge.pusher.service.RunSnapshot;
import dev.tillbridge.pusher.service.SendMode;
import dev.tillbridge.pusher.support.PusherTestSupport;
import dev.tillbridge.pusher.support.StandaloneCore;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.capacity.CapacitySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The bulk endpoint and the measured choice, on the pusher's core with its real database, its real Kafka
 * producer and the magento.simulator(). Records are handed to the core as the consumer hands them (the consumer and the
 * PUT path are covered by the other tests); the service's own pusher runs PUT, so its mode is set here.
 */
@QuarkusTest
@WithTestResource(TillbridgeTestResource.class)
class SendModesTest extends PusherScenarioTest {

    @Inject
    DataSource dataSource;

    @Inject
    IncomingEvents incoming;

    private record Harness(ProductPusher pusher, OffsetTracker offsets, KafkaPusherEvents events, RunRepository runs)
            implements AutoCloseable {
        @Override
        public void close() {
            pusher.close(Duration.ofSeconds(5));
            events.close();
        }
    }

    private Harness start(IntegrationConfigured integration, PushSettings settings) {
        OffsetTracker offsets = new OffsetTracker();
        KafkaPusherEvents events = new KafkaPusherEvents(bootstrapServers, Map.of());
        RunRepository runs = new RunRepository(dataSource);
        ProductPusher pusher = StandaloneCore.pusher(
                settings,
                integration,
                credentialsKey,
                runs,
                events,
                incoming,
                offsets::done,
                new SimpleMeterRegistry());
        pusher.start();
        return new Harness(pusher, offsets, events, runs);
    }

    private static List<ConsumerRecord<String, String>> records(
            IntegrationConfigured integration, List<ProductUpdate> run, OffsetTracker offsets) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long offset = 0;
        for (ProductUpdate update : run) {
            String json = EventJson.encode(
                    EventEnvelope.of(integration.accountId(), integration.integrationId(), update, Clock.systemUTC()));
            records.add(new ConsumerRecord<>(
                    Topics.PRODUCT_UPDATES,
                    0,
                    offset,
                    Topics.productKey(integration.integrationId(), update.sku()),
                    json));
            offsets.received(new TopicPartition(Topics.PRODUCT_UPDATES, 0), offset++);
        }
        return records;
    }

    private SimulatedStore store(int products, String prefix) {
        return PusherTestSupport.store(magento.simulator(), "modes", products, prefix);
    }

    @Test
    void inBulkModeProductsGoThroughTheAsyncEndpointAndMagentosRejectionsAreCounted() throws Exception {
        SimulatedStore store = store(300, "BLK-");
        try (PusherTestSupport support = new PusherTestSupport(bootstrapServers, credentialsKey)) {
            IntegrationConfigured integration = support.integration(store);
            String runId = PusherTestSupport.newRunId();
            // Every 30th has an empty name, which Magento's consumer refuses (operation status 3).
            List<ProductUpdate> run = catalog(
                    integration,
                    runId,
                    300,
                    "BLK-",
                    p -> p % 30 == 0 ? "" : "Bulk " + p,
                    p -> new BigDecimal(p + ".10"));
            try (Harness harness = start(integration, PushSettings.defaults().withSendMode(SendMode.BULK))) {
                harness.pusher().accept(records(integration, run, harness.offsets()));

                RunKey key = new RunKey(integration.integrationId(), runId);
                await().atMost(Duration.ofSeconds(60))
                        .until(() ->
                                harness.runs().find(key).map(r -> r.closed()).orElse(false));
                RunSnapshot closed = harness.runs().find(key).orElseThrow();
                assertThat(closed.sent()).isEqualTo(290);
                assertThat(closed.failed()).isEqualTo(10);
                assertThat(closed.state()).isEqualTo(RunSnapshot.COMPLETED);
                assertThat(harness.offsets().outstanding())
                        .as("every record finished")
                        .isZero();
            }
            assertThat(store.productSaves().bySku())
                    .hasSize(290)
                    .allSatisfy((sku, saves) -> assertThat(saves.latest().via()).isEqualTo("bulk"));
            assertThat(store.latestSavedProduct("BLK-7")
                            .orElseThrow()
                            .path("price")
                            .decimalValue())
                    .isEqualByComparingTo("7.10");
            assertThat(store.counters().requestsTo("POST /async/bulk/V1/products"))
                    .as("100 products a request")
                    .isEqualTo(3);
        }
    }

    @Test
    void autoMeasuresBothModesAndSendsTheRunTheFasterWay() throws Exception {
        // A store whose PHP workers are slow and few, but whose queue consumer saves quickly: bulk wins.
        SimulatedStore store = store(3000, "AUTO-");
        store.capacity(CapacitySettings.workers(2, Duration.ofMillis(20)));
        try (PusherTestSupport support = new PusherTestSupport(bootstrapServers, credentialsKey)) {
            IntegrationConfigured integration = support.integration(store);
            String runId = PusherTestSupport.newRunId();
            List<ProductUpdate> run = catalog(integration, runId, 3000, "AUTO-", p -> "Auto " + p, p -> BigDecimal.ONE);
            PushSettings settings =
                    PushSettings.defaults().withSendMode(SendMode.AUTO).withModeWindow(Duration.ofSeconds(2));
            try (Harness harness = start(integration, settings)) {
                harness.pusher().accept(records(integration, run, harness.offsets()));

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> harness.runs()
                                .find(new RunKey(integration.integrationId(), runId))
                                .map(r -> r.closed())
                                .orElse(false));
            }
            long byPut = store.productSaves().bySku().values().stream()
                    .filter(s -> s.latest().via().equals("rest"))
                    .count();
            long byBulk = store.productSaves().bySku().values().stream()
                    .filter(s -> s.latest().via().equals("bulk"))
                    .count();
            assertThat(byPut).as("PUT was measured first").isPositive();
            assertThat(byBulk).as("then bulk, measured faster, took the rest").isGreaterThan(byPut);
            assertThat(byPut + byBulk).isEqualTo(3000);
        }
    }
}

package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.filter.service.MismatchWatch;
import dev.tillbridge.infra.TestIntegration;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orders that arrive before their integration is known are parked, never dropped, and decided in the
 * order they came once it is: an observation before the re-download that depends on it.
 */
class ParkedOrdersTest {

    private static final Duration RECHECK = Duration.ofSeconds(1);
    private static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> integrations;
    private TestInputTopic<String, String> rawOrders;
    private TestOutputTopic<String, String> filtered;

    private final IntegrationConfigured integration = TestIntegration.of("int-p", "acc-p")
            .storeIds()
            .downloadMode(DownloadMode.WAIT_FOR_INVOICE)
            .configured();

    @BeforeEach
    void startDriver() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "parked-orders-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(stateDir.resolve("streams")).toString());
        driver = new TopologyTestDriver(
                DownloadModeTopology.build(Clock.systemUTC(), MismatchWatch.Thresholds.DEFAULT, RECHECK, () -> {}),
                props);
        var out = new StringSerializer();
        integrations = driver.createInputTopic(Topics.INTEGRATIONS, out, out);
        rawOrders = driver.createInputTopic(Topics.RAW_ORDERS, out, out);
        filtered = driver.createOutputTopic(Topics.FILTERED_ORDERS, new StringDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void ordersOfAnUnknownIntegrationAreDecidedInArrivalOrderOnceItArrives() {
        // Each order is observed, then re-downloaded; decided out of order, the re-download would be refused.
        for (long id = 1000; id < 1010; id++) {
            observe(id);
            redownload(id);
        }
        assertThat(filtered.readValuesToList()).isEmpty();

        integrations.pipeInput(
                integration.integrationId(),
                EventJson.encode(EventEnvelope.of(
                        integration.accountId(), integration.integrationId(), integration, Clock.systemUTC())));
        driver.advanceWallClockTime(RECHECK.multipliedBy(2));

        List<OrderReleased> released = filtered.readValuesToList().stream()
                .map(v -> EventJson.decode(v, OrderReleased.class).payload())
                .toList();
        assertThat(released).hasSize(20);
        for (long id = 1000; id < 1010; id++) {
            long entityId = id;
            assertThat(released)
                    .filteredOn(r -> r.order().entityId() == entityId)
                    .extracting(OrderReleased::redownload)
                    .as("order %d", id)
                    .containsExactly(false, true);
        }
    }

    @Test
    void aNewRecordOfAParkedOrderIsDecidedAfterTheParkedOnesEvenBeforeTheSweep() {
        observe(2000);
        redownload(2000);
        integrations.pipeInput(
                integration.integrationId(),
                EventJson.encode(EventEnvelope.of(
                        integration.accountId(), integration.integrationId(), integration, Clock.systemUTC())));
        redownload(2000);

        assertThat(filtered.readValuesToList().stream()
                        .map(v -> EventJson.decode(v, OrderReleased.class).payload()))
                .extracting(OrderReleased::redownload)
                .containsExactly(false, true, true);
    }

    private void observe(long entityId) {
        BigDecimal total = new BigDecimal("100.00");
        var order = new OrderSnapshot(
                entityId,
                String.format("%09d", entityId),
                "processing",
                "processing",
                1,
                "c@example.test",
                "C",
                "D",
                "EUR",
                total,
                total,
                total,
                total,
                total,
                CREATED,
                CREATED.plusSeconds(60),
                List.of(),
                null,
                null,
                null,
                null,
                null);
        var observed = new OrderObserved(
                integration.integrationId(), UUID.randomUUID(), OrderObserved.ObservedBy.ORDER_SEARCH, order);
        rawOrders.pipeInput(
                Topics.orderKey(integration.integrationId(), entityId),
                EventJson.encode(EventEnvelope.of(
                        integration.accountId(), integration.integrationId(), observed, Clock.systemUTC())));
    }

    private void redownload(long entityId) {
        rawOrders.pipeInput(
                Topics.orderKey(integration.integrationId(), entityId),
                EventJson.encode(EventEnvelope.of(
                        integration.accountId(),
                        integration.integrationId(),
                        new RedownloadRequested(integration.integrationId(), entityId, "ops@example.test"),
                        Clock.systemUTC())));
    }
}

package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.OrderObserved;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.filter.MovableClock;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention inside the topology, on the driver's own clock: the ledger sweep forgets in bounded batches (tombstones
 * on the changelog, the size metric going down), a forgotten order is never released again, an order newer than
 * the forgotten ones still is, and a record parked for an integration that never comes is dropped in the end.
 */
class LedgerRetentionTopologyTest {

    private static final String APP = "ledger-retention-test";
    private static final Duration SWEEP = Duration.ofMinutes(1);
    private static final Duration RECHECK = Duration.ofSeconds(30);
    private static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");
    private static final BigDecimal PAID = new BigDecimal("100.00");

    @TempDir
    Path stateDir;

    private final MovableClock retentionClock = new MovableClock();
    private final StateMetrics metrics = StateMetrics.unregistered();
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> rawOrders;
    private TestOutputTopic<String, String> filtered;
    private TestOutputTopic<String, String> skipped;
    private TestOutputTopic<String, String> facts;
    private TestOutputTopic<String, String> ordersChangelog;

    @BeforeEach
    void startDriver() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(stateDir.resolve("streams")).toString());
        var retention = new StateRetention(retentionClock, Duration.ofDays(90), Duration.ofDays(7), SWEEP, 2, metrics);
        driver = new TopologyTestDriver(
                DownloadModeTopology.build(
                        Clock.systemUTC(), MismatchWatch.Thresholds.DEFAULT, RECHECK, () -> {}, retention),
                props);
        var out = new StringSerializer();
        var in = new StringDeserializer();
        var integration = TestIntegration.of("int-t", "acc-t")
                .storeIds()
                .downloadMode(DownloadMode.WAIT_FOR_INVOICE)
                .configured();
        driver.createInputTopic(Topics.INTEGRATIONS, out, out)
                .pipeInput(
                        integration.integrationId(),
                        EventJson.encode(EventEnvelope.of(
                                integration.accountId(), integration.integrationId(), integration, Clock.systemUTC())));
        rawOrders = driver.createInputTopic(Topics.RAW_ORDERS, out, out);
        filtered = driver.createOutputTopic(Topics.FILTERED_ORDERS, in, in);
        skipped = driver.createOutputTopic(Topics.SKIPPED_ORDERS, in, in);
        facts = driver.createOutputTopic(Topics.INVOICE_FILTER_MISMATCH_FACTS, in, in);
        ordersChangelog =
                driver.createOutputTopic(APP + "-" + DownloadModeTopology.ORDERS_STORE + "-changelog", in, in);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void forgottenOrdersAreNeverReleasedAgainButNewerOrdersAre() {
        for (long id = 1; id <= 5; id++) {
            observe("int-t", id, "processing", PAID, CREATED, 60);
        }
        observe("int-t", 6, "new", null, CREATED, 60);
        assertThat(filtered.readRecordsToList()).hasSize(5);
        facts.readRecordsToList();
        ordersChangelog.readRecordsToList();
        sweep();
        assertThat(metrics.entries(DownloadModeTopology.ORDERS_STORE)).isEqualTo(6);
        assertThat(metrics.prunedCount(DownloadModeTopology.ORDERS_STORE))
                .as("nothing expired yet")
                .isZero();

        retentionClock.advance(Duration.ofDays(91));
        sweep();
        assertThat(metrics.prunedCount(DownloadModeTopology.ORDERS_STORE))
                .as("one bounded batch")
                .isEqualTo(2);
        sweep();
        sweep();
        assertThat(metrics.prunedCount(DownloadModeTopology.ORDERS_STORE)).isEqualTo(6);
        assertThat(metrics.entries(DownloadModeTopology.ORDERS_STORE)).isZero();
        KeyValueStore<String, String> orders = driver.getKeyValueStore(DownloadModeTopology.ORDERS_STORE);
        assertThat(orders.approximateNumEntries()).isZero();
        assertThat(ordersChangelog.readRecordsToList())
                .hasSize(6)
                .allSatisfy(r -> assertThat(r.value()).isNull());
        assertThat(facts.readValuesToList().stream().map(v -> StateJson.read(v, MismatchFact.class)))
                .as("the awaiting order leaves the mismatch watch with the ledger")
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.entityId()).isEqualTo(6);
                    assertThat(f.isRelease()).isTrue();
                });

        // Magento changes two forgotten orders: a released one (completed), and the awaiting one (now invoiced).
        observe("int-t", 1, "complete", PAID, CREATED, 200);
        observe("int-t", 6, "processing", PAID, CREATED, 200);
        // A new order, created after every forgotten one: decided as usual.
        observe("int-t", 7, "processing", PAID, CREATED.plus(Duration.ofDays(1)), 60);

        assertThat(filtered.readRecordsToList()).extracting(TestRecord::key).containsExactly("int-t:7");
        List<OrderSkipped> skips = skipped.readValuesToList().stream()
                .map(v -> EventJson.decode(v, OrderSkipped.class).payload())
                .toList();
        assertThat(skips)
                .filteredOn(s -> s.reason() == SkipReason.PAST_RETENTION)
                .extracting(OrderSkipped::entityId)
                .containsExactly(1L, 6L);
        assertThat(skips)
                .filteredOn(s -> s.reason() == SkipReason.PAST_RETENTION)
                .allSatisfy(s -> {
                    assertThat(s.finalDecision()).isTrue();
                    assertThat(s.advice()).contains("re-download it");
                });

        // Later versions of a PAST_RETENTION order change nothing either.
        observe("int-t", 1, "complete", PAID, CREATED, 300);
        assertThat(filtered.readRecordsToList()).isEmpty();
    }

    @Test
    void aRecordParkedForAnIntegrationThatNeverComesIsDroppedAfterTheParkedRetention() {
        observe("int-gone", 1, "processing", PAID, CREATED, 60);
        driver.advanceWallClockTime(RECHECK.multipliedBy(2));
        KeyValueStore<String, String> parked = driver.getKeyValueStore(DownloadModeTopology.PARKED_STORE);
        assertThat(parked.approximateNumEntries()).isEqualTo(1);

        retentionClock.advance(Duration.ofDays(8));
        driver.advanceWallClockTime(RECHECK.multipliedBy(2));

        assertThat(parked.approximateNumEntries()).isZero();
        assertThat(metrics.prunedCount(DownloadModeTopology.PARKED_STORE)).isEqualTo(1);
        assertThat(filtered.readRecordsToList()).isEmpty();
    }

    private void sweep() {
        driver.advanceWallClockTime(SWEEP);
    }

    private void observe(
            String integrationId,
            long entityId,
            String state,
            BigDecimal invoiced,
            Instant created,
            int secondsAfterCreation) {
        var order = new OrderSnapshot(
                entityId,
                String.format("%09d", entityId),
                state,
                state,
                1,
                "c@example.test",
                "C",
                "D",
                "EUR",
                PAID,
                PAID,
                invoiced,
                invoiced,
                invoiced,
                created,
                created.plusSeconds(secondsAfterCreation),
                List.of(),
                null,
                null,
                null,
                null,
                null);
        var observed =
                new OrderObserved(integrationId, UUID.randomUUID(), OrderObserved.ObservedBy.ORDER_SEARCH, order);
        rawOrders.pipeInput(
                Topics.orderKey(integrationId, entityId),
                EventJson.encode(EventEnvelope.of("acc-t", integrationId, observed, Clock.systemUTC())));
    }
}

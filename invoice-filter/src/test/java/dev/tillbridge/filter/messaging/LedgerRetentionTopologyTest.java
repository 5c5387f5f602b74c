package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderSkipped;
import dev.tillbridge.events.SkipReason;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.filter.MovableClock;
import dev.tillbridge.filter.service.MismatchWatch;
import dev.tillbridge.infra.TestIntegration;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    private static final BigDecimal PAID = TopologyFixture.TOTAL;
    private static final IntegrationConfigured INTEGRATION = TestIntegration.of("int-t", "acc-t")
            .storeIds()
            .downloadMode(DownloadMode.WAIT_FOR_INVOICE)
            .configured();

    @TempDir
    Path stateDir;

    private final MovableClock retentionClock = new MovableClock();
    private final StateMetrics metrics = StateMetrics.unregistered();
    private TopologyTestDriver driver;
    private TopologyFixture topology;
    private TestOutputTopic<String, String> filtered;
    private TestOutputTopic<String, String> skipped;
    private TestOutputTopic<String, String> facts;
    private TestOutputTopic<String, String> ordersChangelog;

    @BeforeEach
    void startDriver() throws Exception {
        var retention = new StateRetention(retentionClock, Duration.ofDays(90), Duration.ofDays(7), SWEEP, 2, metrics);
        topology = TopologyFixture.start(
                stateDir,
                APP,
                DownloadModeTopology.build(
                        Clock.systemUTC(), MismatchWatch.Thresholds.DEFAULT, RECHECK, () -> {}, retention));
        driver = topology.driver;
        topology.configure(INTEGRATION);
        filtered = topology.filtered;
        skipped = topology.skipped;
        facts = topology.facts;
        ordersChangelog = topology.output(APP + "-" + DownloadModeTopology.ORDERS_STORE + "-changelog");
    }

    @AfterEach
    void closeDriver() {
        topology.close();
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
        topology.observe(
                INTEGRATION.toBuilder().integrationId(integrationId).build(),
                TopologyFixture.order(entityId, state, invoiced, created, secondsAfterCreation));
    }
}

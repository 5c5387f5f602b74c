package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.TestIntegration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
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

    @TempDir
    Path stateDir;

    private TopologyFixture topology;
    private TestOutputTopic<String, String> filtered;

    private final IntegrationConfigured integration = TestIntegration.of("int-p", "acc-p")
            .storeIds()
            .downloadMode(DownloadMode.WAIT_FOR_INVOICE)
            .configured();

    @BeforeEach
    void startDriver() throws Exception {
        topology = TopologyFixture.start(stateDir, "parked-orders-test", RECHECK);
        filtered = topology.filtered;
    }

    @AfterEach
    void closeDriver() {
        topology.close();
    }

    @Test
    void ordersOfAnUnknownIntegrationAreDecidedInArrivalOrderOnceItArrives() {
        // Each order is observed, then re-downloaded; decided out of order, the re-download would be refused.
        for (long id = 1000; id < 1010; id++) {
            observe(id);
            redownload(id);
        }
        assertThat(filtered.readValuesToList()).isEmpty();

        topology.configure(integration);
        topology.driver.advanceWallClockTime(RECHECK.multipliedBy(2));

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
        topology.configure(integration);
        redownload(2000);

        assertThat(filtered.readValuesToList().stream()
                        .map(v -> EventJson.decode(v, OrderReleased.class).payload()))
                .extracting(OrderReleased::redownload)
                .containsExactly(false, true, true);
    }

    private void observe(long entityId) {
        topology.observe(
                integration,
                TopologyFixture.order(entityId, "processing", TopologyFixture.TOTAL, TopologyFixture.CREATED, 60));
    }

    private void redownload(long entityId) {
        topology.redownload(integration, entityId);
    }
}

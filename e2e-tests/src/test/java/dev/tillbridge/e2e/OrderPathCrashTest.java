package dev.tillbridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.DownloadMode;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.infra.KafkaTestClient;
import dev.tillbridge.infra.SimulatorExtension;
import dev.tillbridge.infra.TestIntegrations;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.fault.FaultRule;
import dev.tillbridge.simulator.store.OrderSeed;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order path's exactly-once promise under SIGKILL: order-poller killed after it sent orders but
 * before it moved its watermark, invoice-filter killed between consuming and producing. After restarts,
 * a read_committed reader of filtered-orders (a POS connector) sees every eligible order exactly once.
 */
class OrderPathCrashTest {

    private static final int ORDERS = 1500;
    private static final String TOKEN = "e2e-token";
    private static E2eInfrastructure infra;

    @RegisterExtension
    static final SimulatorExtension magento = new SimulatorExtension();

    @BeforeAll
    static void start() {
        infra = new E2eInfrastructure();
    }

    private SimulatedStore storeWithEligibleOrders() {
        SimulatedStore store = magento.createStore(
                StoreSpec.tenant("e" + UUID.randomUUID().toString().substring(0, 8))
                        .withBearerToken(TOKEN));
        // Fully invoiced, processing: every one is eligible in Wait-For-Invoice mode.
        store.seedOrders(
                OrderSeed.of(ORDERS).withStates(Map.of("processing", 1)).withInvoicedFraction(1.0));
        return store;
    }

    private Instant watermark(String integrationId) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        infra.postgres.jdbcUrl(infra.database), infra.postgres.username(), infra.postgres.password());
                PreparedStatement ps =
                        c.prepareStatement("SELECT watermark FROM order_poller.sync_state WHERE integration_id = ?")) {
            ps.setString(1, integrationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getTimestamp(1) != null
                        ? rs.getTimestamp(1).toInstant()
                        : null;
            }
        }
    }

    private static Map<Long, Long> releasedCounts(KafkaTestClient kafka, IntegrationConfigured integration) {
        List<ConsumerRecord<String, String>> records = kafka.readAll(
                Topics.FILTERED_ORDERS, r -> r.key() != null && r.key().startsWith(integration.integrationId() + ":"));
        return records.stream()
                .map(r -> EventJson.decode(r.value(), OrderReleased.class)
                        .payload()
                        .order()
                        .entityId())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static Map<Long, Long> awaitReleased(
            KafkaTestClient kafka, IntegrationConfigured integration, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<Long, Long> counts = releasedCounts(kafka, integration);
        while (counts.size() < count && Instant.now().isBefore(deadline)) {
            ServiceProcess.sleep(1000);
            counts = releasedCounts(kafka, integration);
        }
        return counts;
    }

    @Test
    void killingThePollerBetweenItsSendsAndItsWatermarkLosesAndDoublesNothing() throws Exception {
        SimulatedStore store = storeWithEligibleOrders();
        // Slow pages: the first cycle takes several seconds, so the kill lands while it sends.
        store.faults(FaultRule.latency("GET /V1/orders", 250, 1.0));
        try (KafkaTestClient kafka = new KafkaTestClient(infra.bootstrapServers);
                ServiceProcess filter = new ServiceProcess("invoice-filter", infra.filterSettings()).start();
                ServiceProcess poller = new ServiceProcess("order-poller", infra.pollerSettings()).start()) {
            IntegrationConfigured integration = new TestIntegrations(kafka, infra.credentialsKey)
                    .publish(store.magentoBaseUrl(), TOKEN, DownloadMode.WAIT_FOR_INVOICE, 2);

            // Wait until the first cycle has published orders, then kill it before it could commit.
            kafka.readUntil(
                    Topics.RAW_ORDERS,
                    r -> r.key() != null && r.key().startsWith(integration.integrationId() + ":"),
                    found -> found.size() >= 200,
                    Duration.ofSeconds(120));
            poller.kill();
            assertThat(watermark(integration.integrationId()))
                    .as("killed before the watermark moved")
                    .isNull();

            store.clearFaults();
            poller.start();
            Map<Long, Long> counts = awaitReleased(kafka, integration, ORDERS, Duration.ofSeconds(180));
            ServiceProcess.sleep(3000);
            counts = releasedCounts(kafka, integration);

            Set<Long> expected =
                    store.orders().stream().map(o -> (long) o.entityId()).collect(Collectors.toSet());
            assertThat(counts.keySet())
                    .as("every eligible order released")
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(counts.values()).as("each exactly once").containsOnly(1L);
            assertThat(watermark(integration.integrationId())).isNotNull();
        }
    }

    @Test
    void killingTheFilterMidStreamLosesAndDoublesNothing() throws Exception {
        SimulatedStore store = storeWithEligibleOrders();
        try (KafkaTestClient kafka = new KafkaTestClient(infra.bootstrapServers);
                ServiceProcess filter = new ServiceProcess("invoice-filter", infra.filterSettings()).start();
                ServiceProcess poller = new ServiceProcess("order-poller", infra.pollerSettings()).start()) {
            IntegrationConfigured integration = new TestIntegrations(kafka, infra.credentialsKey)
                    .publish(store.magentoBaseUrl(), TOKEN, DownloadMode.WAIT_FOR_INVOICE, 2);

            // Kill it once some orders are out and more are in flight (consumed, not yet committed).
            Map<Long, Long> partial = awaitReleased(kafka, integration, 100, Duration.ofSeconds(120));
            filter.kill();
            assertThat(partial.size()).isLessThan(ORDERS);

            filter.start();
            awaitReleased(kafka, integration, ORDERS, Duration.ofSeconds(180));
            ServiceProcess.sleep(3000);
            Map<Long, Long> counts = releasedCounts(kafka, integration);

            Set<Long> expected =
                    store.orders().stream().map(o -> (long) o.entityId()).collect(Collectors.toSet());
            assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(counts.values()).as("each exactly once").containsOnly(1L);
        }
    }
}

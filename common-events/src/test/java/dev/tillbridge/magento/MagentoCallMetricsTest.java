package dev.tillbridge.magento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tillbridge.simulator.MagentoSimulator;
import dev.tillbridge.simulator.SimulatedStore;
import dev.tillbridge.simulator.SimulatorOptions;
import dev.tillbridge.simulator.StoreSpec;
import dev.tillbridge.simulator.fault.FaultRule;
import dev.tillbridge.simulator.store.OrderSeed;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every Magento call is timed once, by route template and status class, against the real simulator. */
class MagentoCallMetricsTest {

    private static final String TOKEN = "tok-" + UUID.randomUUID();
    private static final MagentoClientSettings NO_RETRY = new MagentoClientSettings(
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10)),
            new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10)));
    private static MagentoSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = MagentoSimulator.start(SimulatorOptions.defaults().port(0));
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void idsAndSkusLeaveTheRouteForItsTemplate() {
        assertThat(MagentoCallMetrics.template("GET /V1/orders")).isEqualTo("GET /V1/orders");
        assertThat(MagentoCallMetrics.template("GET /V1/orders/123")).isEqualTo("GET /V1/orders/{id}");
        assertThat(MagentoCallMetrics.template("POST /V1/order/77/invoice")).isEqualTo("POST /V1/order/{id}/invoice");
        assertThat(MagentoCallMetrics.template("PUT /V1/products/SKU%20A-1")).isEqualTo("PUT /V1/products/{sku}");
        assertThat(MagentoCallMetrics.template("GET /V1/bulk/5b2c-9f/detailed-status"))
                .isEqualTo("GET /V1/bulk/{uuid}/detailed-status");
        assertThat(MagentoCallMetrics.template("POST /async/bulk/V1/products"))
                .isEqualTo("POST /async/bulk/V1/products");
    }

    @Test
    void answersFailuresAndRefusedConnectionsAreCountedByClassWithoutIds() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SimulatedStore store = simulator.createStore(
                StoreSpec.tenant("m" + UUID.randomUUID().toString().substring(0, 8))
                        .withBearerToken(TOKEN));
        store.seedOrders(OrderSeed.of(3));
        try (MagentoTransport transport = MagentoTransport.open(
                NO_RETRY, OutboundGuard.allowing("127.0.0.0/8"), new MagentoCallMetrics(registry))) {
            MagentoClient client = new MagentoClient(
                    transport,
                    new MagentoEndpoint(store.magentoBaseUrl(), "default"),
                    new MagentoCredentials.Bearer(TOKEN),
                    NO_RETRY,
                    Clock.systemUTC());
            long id = client.searchOrders(
                            SearchCriteria.builder().pageSize(10).currentPage(1).build())
                    .items()
                    .get(0)
                    .entityId();
            client.getOrder(id);
            store.faults(FaultRule.error("GET /V1/orders", 503, 1.0).times(1));
            assertThatThrownBy(() -> client.searchOrders(
                            SearchCriteria.builder().pageSize(10).currentPage(1).build()))
                    .isInstanceOf(MagentoException.Unavailable.class);

            int closed;
            try (ServerSocket socket = new ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            MagentoClient nobody = new MagentoClient(
                    transport,
                    new MagentoEndpoint("http://127.0.0.1:" + closed, "default"),
                    new MagentoCredentials.Bearer(TOKEN),
                    NO_RETRY,
                    Clock.systemUTC());
            assertThatThrownBy(() -> nobody.getOrder(id)).isInstanceOf(MagentoException.Unavailable.class);
        }

        assertThat(count(registry, "GET /V1/orders", "2xx")).isEqualTo(1);
        assertThat(count(registry, "GET /V1/orders", "5xx")).isEqualTo(1);
        assertThat(count(registry, "GET /V1/orders/{id}", "2xx")).isEqualTo(1);
        assertThat(count(registry, "GET /V1/orders/{id}", "connect_error")).isEqualTo(1);
        assertThat(registry.get(MagentoCallMetrics.CALLS).timers()).hasSize(4);
        for (Timer timer : registry.get(MagentoCallMetrics.CALLS).timers()) {
            assertThat(timer.getId().getTags()).extracting(t -> t.getKey()).containsOnly("route", "status_class");
        }
        Timer ok = registry.get(MagentoCallMetrics.CALLS)
                .tags("route", "GET /V1/orders", "status_class", "2xx")
                .timer();
        assertThat(ok.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(ok.takeSnapshot().histogramCounts())
                .as("fixed histogram buckets")
                .hasSize(9);
    }

    private static long count(SimpleMeterRegistry registry, String route, String statusClass) {
        Timer timer = registry.find(MagentoCallMetrics.CALLS)
                .tags("route", route, "status_class", statusClass)
                .timer();
        return timer == null ? 0 : timer.count();
    }
}

package dev.tillbridge.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tillbridge.simulator.capacity.LatencyModel;
import dev.tillbridge.simulator.support.MagentoTestClient;
import dev.tillbridge.simulator.support.Reply;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Many stores in one simulator (the fleet benchmark, P6): cheap to host, and every call pays the latency model. */
class FleetTest {

    private static long bulkConsumerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("sim-bulk-consumer-fleet-"))
                .count();
    }

    @Test
    void idleStoresCostNoThreadAndEveryMagentoCallWaitsTheLatencyModel() {
        try (MagentoSimulator sim =
                MagentoSimulator.start(SimulatorOptions.defaults().latency(new LatencyModel(150, 50)))) {
            IntStream.range(0, 2_000)
                    .forEach(i -> sim.createStore(StoreSpec.tenant("fleet-" + i).withBearerToken("t" + i)));
            assertEquals(0, bulkConsumerThreads(), "a store that never received a bulk runs no consumer thread");

            MagentoTestClient client = MagentoTestClient.bearer(sim.baseUrl() + "/m/fleet-1999", "t1999");
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                Reply reply = client.get("/rest/V1/orders?searchCriteria[pageSize]=10");
                long ms = (System.nanoTime() - started) / 1_000_000;
                assertEquals(200, reply.status(), reply.toString());
                assertTrue(ms >= 100, "a call answered in " + ms + " ms, below the model's 150 - 50 ms");
            }

            Reply bulk = client.post(
                    "/rest/async/bulk/V1/products", "[{\"product\":{\"sku\":\"F-1\",\"name\":\"F\",\"price\":1}}]");
            assertEquals(202, bulk.status(), bulk.toString());
            assertEquals(1, bulkConsumerThreads(), "the first bulk starts its store's consumer");
        }
        // Closing the simulator stops the consumer it started.
        await().atMost(Duration.ofSeconds(30)).until(() -> bulkConsumerThreads() == 0);
    }

    @Test
    void latencyModelSamplesInsideItsBoundsAndRefusesNonsense() {
        LatencyModel model = new LatencyModel(150, 50);
        IntStream.range(0, 10_000)
                .mapToLong(i -> model.sampleMs())
                .forEach(ms -> assertTrue(ms >= 100 && ms <= 200, ms + " ms outside 150 ± 50"));
        assertEquals(0, LatencyModel.none().sampleMs());
        assertThrows(IllegalArgumentException.class, () -> new LatencyModel(10, 20));
        assertEquals(new LatencyModel(150, 50), SimulatorMain.latency("150:50"));
        assertEquals(new LatencyModel(80, 0), SimulatorMain.latency("80"));
    }
}

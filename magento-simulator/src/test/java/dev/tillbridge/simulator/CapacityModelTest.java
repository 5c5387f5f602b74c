package dev.tillbridge.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tillbridge.simulator.capacity.CapacitySettings;
import dev.tillbridge.simulator.capacity.ServiceTimes;
import dev.tillbridge.simulator.support.Criteria;
import dev.tillbridge.simulator.support.MagentoTestClient;
import dev.tillbridge.simulator.support.Reply;
import dev.tillbridge.simulator.support.SimulatorFixture;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The capacity model: W workers with service time S serve about W/S requests per second, and overload is 503. */
class CapacityModelTest extends SimulatorFixture {

    private static List<Reply> concurrently(int clients, Callable<Reply> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<Reply>> calls = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                calls.add(call);
            }
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : pool.invokeAll(calls)) {
                replies.add(f.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void throughputApproachesWorkersOverServiceTime() throws Exception {
        SimulatedStore store = newStore();
        store.seedOrders(1);
        store.capacity(CapacitySettings.workers(2, Duration.ofMillis(50)));
        MagentoTestClient client = client(store);
        long deadline = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        long started = System.nanoTime();
        List<Integer> served = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> loops = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                loops.add(() -> {
                    int ok = 0;
                    while (System.nanoTime() < deadline) {
                        if (client.get("/rest/V1/orders/1").status() == 200) {
                            ok++;
                        }
                    }
                    return ok;
                });
            }
            for (Future<Integer> f : pool.invokeAll(loops)) {
                served.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double perSecond = served.stream().mapToInt(Integer::intValue).sum() / seconds;
        // W/S = 2 / 0.05 s = 40 requests/s; loose bounds, this is not a timing test.
        assertTrue(
                perSecond > 40 * 0.6 && perSecond < 40 * 1.15, "throughput " + perSecond + "/s, expected about 40/s");
        assertEquals(0, store.counters().requestsWithStatus(503));
    }

    @Test
    void requestsBeyondTheQueueAreAnswered503WithAnHtmlPage() throws Exception {
        SimulatedStore store = newStore();
        store.seedOrders(1);
        store.capacity(CapacitySettings.workers(1, Duration.ofMillis(500))
                .withQueue(2, Duration.ofSeconds(10))
                .withRetryAfter(5));
        MagentoTestClient client = client(store);
        List<Reply> replies = concurrently(10, () -> client.get("/rest/V1/orders/1"));
        List<Reply> refused = replies.stream().filter(r -> r.status() == 503).toList();
        assertTrue(refused.size() >= 3, "expected most of 10 concurrent requests refused: " + replies);
        assertTrue(replies.stream().anyMatch(r -> r.status() == 200));
        Reply one = refused.get(0);
        assertTrue(one.contentType().startsWith("text/html"));
        assertTrue(one.body().contains("503 Service Temporarily Unavailable"));
        assertEquals("5", one.headers().firstValue("Retry-After").orElse(""));
    }

    @Test
    void aRequestWaitingLongerThanTheQueueTimeoutIs503() throws Exception {
        SimulatedStore store = newStore();
        store.seedOrders(1);
        store.capacity(CapacitySettings.workers(1, Duration.ofMillis(400)).withQueue(10, Duration.ofMillis(100)));
        MagentoTestClient client = client(store);
        List<Reply> replies = concurrently(3, () -> client.get("/rest/V1/orders/1"));
        assertTrue(replies.stream().anyMatch(r -> r.status() == 503), replies::toString);
    }

    @Test
    void aClientWithAShorterTimeoutThanTheServiceTimeTimesOut() {
        SimulatedStore store = newStore();
        store.seedOrders(1);
        store.capacity(CapacitySettings.workers(1, Duration.ofMillis(1500)));
        MagentoTestClient impatient = client(store).withTimeout(Duration.ofMillis(200));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> impatient.get("/rest/V1/orders/1"));
        assertTrue(e.getCause() instanceof HttpTimeoutException, e::toString);
    }

    @Test
    void capacityCanBeChangedWhileRunning() {
        SimulatedStore store = newStore();
        store.seedOrders(1);
        MagentoTestClient client = client(store);
        store.capacity(CapacitySettings.workers(1, Duration.ofMillis(600)));
        long slow = timed(() -> client.get("/rest/V1/orders/1"));
        store.capacity(CapacitySettings.unlimited());
        long fast = timed(() -> client.get("/rest/V1/orders/1"));
        assertTrue(slow >= 590, "slow took " + slow + " ms");
        assertTrue(fast < 400, "fast took " + fast + " ms");
    }

    @Test
    void listServiceTimeGrowsWithTheRowsReturned() {
        SimulatedStore store = newStore();
        store.seedOrders(40);
        store.capacity(new CapacitySettings(
                4, null, null, ServiceTimes.none().withListPerRow(Duration.ofMillis(20)), null, null));
        MagentoTestClient client = client(store);
        long forty = timed(() -> client.get(Criteria.search().pageSize(40).orders()));
        long one = timed(() -> client.get(Criteria.search().pageSize(1).orders()));
        assertTrue(forty >= 790, "40 rows took " + forty + " ms");
        assertTrue(one < 500, "1 row took " + one + " ms");
    }

    @Test
    void theBulkConsumerSpendsServiceTimePerProduct() {
        SimulatedStore store = newStore();
        store.capacity(new CapacitySettings(
                2, null, null, ServiceTimes.none().withBulkPerProduct(Duration.ofMillis(100)), null, null));
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"product\":{\"sku\":\"B")
                    .append(i)
                    .append("\",\"name\":\"B\",\"price\":1}}");
        }
        long started = System.nanoTime();
        client(store).post("/rest/async/bulk/V1/products", body.append("]").toString());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> store.counters().bulkOperationsFinished().getOrDefault(1, 0L) == 5);
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsed >= 450, "5 operations of 100 ms took " + elapsed + " ms");
    }

    private static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1_000_000;
    }
}

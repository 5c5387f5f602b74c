package dev.tillbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tillbridge.simulator.capacity.CapacitySettings;
import dev.tillbridge.simulator.capacity.ServiceTimes;
import dev.tillbridge.simulator.fault.FaultPlan;
import dev.tillbridge.simulator.fault.FaultRule;
import dev.tillbridge.simulator.support.MagentoTestClient;
import dev.tillbridge.simulator.support.Reply;
import dev.tillbridge.simulator.support.SimulatorFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Faults injected per route at runtime: errors, latency, 401, malformed bodies, lock waits. */
class FaultInjectionTest extends SimulatorFixture {

    private static final String ORDER = "/rest/V1/orders/1";

    private SimulatedStore storeWithOrder() {
        SimulatedStore store = newStore();
        store.seedOrders(1);
        return store;
    }

    private static List<Integer> statuses(MagentoTestClient client, int count) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(client.get(ORDER).status());
        }
        return statuses;
    }

    @Test
    void aSeededErrorRateGivesTheSameFaultsForTheSameRequests() {
        SimulatedStore first =
                storeWithOrder().faults(FaultPlan.seeded(42, FaultRule.error("GET /V1/orders/*", 500, 0.3)));
        SimulatedStore second =
                storeWithOrder().faults(FaultPlan.seeded(42, FaultRule.error("GET /V1/orders/*", 500, 0.3)));
        List<Integer> a = statuses(client(first), 40);
        List<Integer> b = statuses(client(second), 40);
        assertEquals(a, b);
        long errors = a.stream().filter(s -> s == 500).count();
        assertTrue(errors > 3 && errors < 25, "about 30% errors expected: " + a);
    }

    @Test
    void a503FaultIsAnHtmlPageWithRetryAfterWhenSet() {
        SimulatedStore store =
                storeWithOrder().faults(FaultRule.error("*", 503, 1.0).withRetryAfter(7));
        Reply reply = client(store).get(ORDER);
        assertEquals(503, reply.status());
        assertTrue(reply.contentType().startsWith("text/html"));
        assertEquals("7", reply.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void aLatencySpikeDelaysTheAnswerButKeepsIt() {
        SimulatedStore store = storeWithOrder().faults(FaultRule.latency("GET /V1/orders/{id}", 300, 1.0));
        long start = System.nanoTime();
        Reply reply = client(store).get(ORDER);
        assertEquals(200, reply.status());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 290);
    }

    @Test
    void anUnauthorizedFaultAnswersLikeARevokedToken() {
        SimulatedStore store = storeWithOrder().faults(FaultRule.unauthorized("GET /V1/orders*"));
        Reply reply = client(store).get(ORDER);
        assertEquals(401, reply.status());
        assertEquals(
                "Magento_Sales::actions_view",
                reply.json().at("/parameters/resources").asText());
    }

    @Test
    void anHtmlPageWithStatus200IsNotJson() {
        SimulatedStore store = storeWithOrder().faults(FaultRule.htmlPage("*", 200, 1.0));
        Reply reply = client(store).get(ORDER);
        assertEquals(200, reply.status());
        assertTrue(reply.body().startsWith("<!doctype html>"));
    }

    @Test
    void aTruncatedJsonBodyCannotBeParsed() {
        SimulatedStore store = storeWithOrder().faults(FaultRule.truncatedJson("GET /V1/orders/{id}", 1.0));
        Reply reply = client(store).get(ORDER);
        assertEquals(200, reply.status());
        assertThrows(Exception.class, () -> new ObjectMapper().readTree(reply.body()));
    }

    @Test
    void timesLimitsHowOftenARuleHits() {
        SimulatedStore store =
                storeWithOrder().faults(FaultRule.error("*", 500, 1.0).times(2));
        assertEquals(List.of(500, 500, 200, 200), statuses(client(store), 4));
    }

    @Test
    void rulesOnlyHitMatchingRoutes() {
        SimulatedStore store = storeWithOrder().faults(FaultRule.error("GET /V1/orders/{id}", 500, 1.0));
        assertEquals(500, client(store).get(ORDER).status());
        assertEquals(200, client(store).get("/rest/V1/orders?searchCriteria=").status());
    }

    @Test
    void lockWaitHitsOnlyOverlappingProductSaves() {
        SimulatedStore store = newStore()
                .seedProducts(2, "SKU-")
                .faults(FaultRule.lockWait("PUT /V1/products/*", 1.0, true))
                .capacity(new CapacitySettings(
                        0, null, null, ServiceTimes.none().withProductSave(Duration.ofMillis(1000)), null, null));
        MagentoTestClient client = client(store);
        assertEquals(
                200,
                client.put("/rest/all/V1/products/SKU-1", "{\"product\":{\"price\":1}}")
                        .status());

        CompletableFuture<Reply> first = CompletableFuture.supplyAsync(
                () -> client.put("/rest/all/V1/products/SKU-1", "{\"product\":{\"price\":2}}"));
        sleep(200);
        Reply second = client.put("/rest/all/V1/products/SKU-2", "{\"product\":{\"price\":3}}");
        // Whichever save starts second overlaps the other and loses the lock.
        List<Reply> both = List.of(first.join(), second);
        assertEquals(
                List.of(200, 400), both.stream().map(Reply::status).sorted().toList(), both::toString);
        Reply failed = both.stream().filter(r -> r.status() == 400).findFirst().orElseThrow();
        assertEquals(
                "The product was unable to be saved. Please try again.",
                failed.json().path("message").asText());
        assertFalse(failed.json().has("parameters"));
    }

    @Test
    void clearingFaultsRestoresNormalAnswers() {
        SimulatedStore store = storeWithOrder().faults(FaultRule.error("*", 500, 1.0));
        assertEquals(500, client(store).get(ORDER).status());
        store.clearFaults();
        assertEquals(200, client(store).get(ORDER).status());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.tillbridge.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.simulator.store.Order;
import dev.tillbridge.simulator.store.OrderSeed;
import dev.tillbridge.simulator.support.Criteria;
import dev.tillbridge.simulator.support.MagentoTestClient;
import dev.tillbridge.simulator.support.SimulatorFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * docs/magento-api.md §8.4: offset paging over rows that change while a client pages skips some and repeats others, even with
 * the recommended sort. Poller tests can reproduce this with the simulator; this test proves that they can.
 */
class PollingOverChangingRowsTest extends SimulatorFixture {

    private static final String SINCE = "2000-01-01 00:00:00";

    private static String page(int page, int size) {
        return Criteria.search()
                .filter(0, "updated_at", SINCE, "gteq")
                .sort("updated_at", "ASC")
                .sort("entity_id", "ASC")
                .pageSize(size)
                .currentPage(page)
                .orders();
    }

    private static List<Integer> ids(JsonNode body) {
        List<Integer> ids = new ArrayList<>();
        body.path("items").forEach(item -> ids.add(item.path("entity_id").asInt()));
        return ids;
    }

    private SimulatedStore storeWith(int orders) {
        SimulatedStore store = newStore();
        Instant now = store.now();
        store.seedOrders(OrderSeed.of(orders)
                .withStates(Map.of("new", 1))
                .withCreatedBetween(now.minus(Duration.ofDays(1)), now.minus(Duration.ofHours(1)))
                .withSeed(11));
        return store;
    }

    @Test
    void anOrderUpdatedBetweenPagesIsRepeatedAndItsSuccessorSkipped() {
        SimulatedStore store = storeWith(30);
        MagentoTestClient client = client(store);
        List<Integer> firstPage = ids(client.get(page(1, 10)).json());
        List<Integer> expectedOrder = ids(client.get(page(1, 0)).json());

        store.advanceClock(Duration.ofSeconds(1));
        store.touchOrder(firstPage.get(0));

        List<Integer> seen = new ArrayList<>(firstPage);
        for (int p = 2; p <= 4; p++) {
            seen.addAll(ids(client.get(page(p, 10)).json()));
        }
        Set<Integer> missing = new LinkedHashSet<>(expectedOrder);
        missing.removeAll(seen);
        assertEquals(Set.of(expectedOrder.get(10)), missing, "the first order of page 2 moved onto page 1");
        assertEquals(2, seen.stream().filter(firstPage.get(0)::equals).count(), "the touched order is seen twice");
    }

    @Test
    void concurrentUpdatesDuringAScanMakeOffsetPagingSkipOrRepeat() throws InterruptedException {
        SimulatedStore store = storeWith(200);
        MagentoTestClient client = client(store);
        List<Integer> all = ids(client.get(page(1, 0)).json());
        AtomicBoolean scanning = new AtomicBoolean(true);
        AtomicInteger touches = new AtomicInteger();
        Thread otherExtension = new Thread(() -> {
            int next = 0;
            while (scanning.get() && touches.get() < 10_000) {
                store.advanceClock(Duration.ofSeconds(1));
                store.touchOrder(all.get(next));
                next = (next + 7) % all.size();
                touches.incrementAndGet();
                Thread.onSpinWait();
            }
        });
        otherExtension.start();
        List<Integer> seen = new ArrayList<>();
        try {
            for (int p = 1; p <= 10; p++) {
                seen.addAll(ids(client.get(page(p, 20)).json()));
                Thread.sleep(5);
            }
        } finally {
            scanning.set(false);
            otherExtension.join();
        }
        Set<Integer> distinct = new HashSet<>(seen);
        int repeated = seen.size() - distinct.size();
        int missing = all.size() - distinct.size();
        assertTrue(touches.get() > 0);
        assertTrue(repeated + missing > 0, "expected skips or repeats, saw every order exactly once");
    }

    @Test
    void requeryingFromTheWatermarkWithDedupFindsEveryOrder() {
        SimulatedStore store = storeWith(30);
        MagentoTestClient client = client(store);
        Set<Integer> seen = new HashSet<>(ids(client.get(page(1, 10)).json()));
        Order touched = store.touchOrder(11);
        String watermark =
                client.get(page(1, 10)).json().at("/items/9/updated_at").asText();
        // Instead of page 2, ask again from the newest updated_at seen; the overlap is deduplicated.
        for (int p = 1; ; p++) {
            List<Integer> ids = ids(client.get(Criteria.search()
                            .filter(0, "updated_at", watermark, "gteq")
                            .sort("updated_at", "ASC")
                            .sort("entity_id", "ASC")
                            .pageSize(10)
                            .currentPage(p)
                            .orders())
                    .json());
            seen.addAll(ids);
            if (ids.size() < 10) {
                break;
            }
        }
        assertEquals(30, seen.size());
        assertTrue(seen.contains(touched.entityId()));
    }
}

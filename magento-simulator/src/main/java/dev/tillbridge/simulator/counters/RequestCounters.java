package dev.tillbridge.simulator.counters;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts what a store answered, so tests and benchmarks can assert on what "Magento" saw. */
public final class RequestCounters {

    private final Map<String, Map<Integer, LongAdder>> requests = new ConcurrentHashMap<>();
    private final LongAdder bulkAccepted = new LongAdder();
    private final Map<Integer, LongAdder> bulkFinished = new ConcurrentHashMap<>();

    public void request(String routeKey, int status) {
        requests.computeIfAbsent(routeKey, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new LongAdder())
                .increment();
    }

    public void bulkAccepted(int operations) {
        bulkAccepted.add(operations);
    }

    public void bulkFinished(int statusCode) {
        bulkFinished.computeIfAbsent(statusCode, s -> new LongAdder()).increment();
    }

    public CounterSnapshot snapshot(long productsSaved, int bulkOpen) {
        Map<String, Map<Integer, Long>> copy = new TreeMap<>();
        requests.forEach((route, byStatus) -> {
            Map<Integer, Long> counts = new TreeMap<>();
            byStatus.forEach((status, count) -> counts.put(status, count.sum()));
            copy.put(route, counts);
        });
        Map<Integer, Long> finished = new TreeMap<>();
        bulkFinished.forEach((status, count) -> finished.put(status, count.sum()));
        return new CounterSnapshot(copy, productsSaved, bulkAccepted.sum(), finished, bulkOpen);
    }

    public void reset() {
        requests.clear();
        bulkAccepted.reset();
        bulkFinished.clear();
    }
}

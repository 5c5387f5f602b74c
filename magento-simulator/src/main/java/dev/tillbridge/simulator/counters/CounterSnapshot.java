package dev.tillbridge.simulator.counters;

import java.util.Map;

/**
 * What a store has seen since the last reset: requests by route key and HTTP status ({@code UNMATCHED} for
 * paths that match no route), successful product saves (sync and bulk), bulk operations accepted and finished by
 * status code, and operations still waiting for the consumer.
 */
public record CounterSnapshot(
        Map<String, Map<Integer, Long>> requests,
        long productsSaved,
        long bulkOperationsAccepted,
        Map<Integer, Long> bulkOperationsFinished,
        int bulkOperationsOpen) {

    /** Requests to {@code routeKey} with any status. */
    public long requestsTo(String routeKey) {
        return requests.getOrDefault(routeKey, Map.of()).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    public long requestsTo(String routeKey, int status) {
        return requests.getOrDefault(routeKey, Map.of()).getOrDefault(status, 0L);
    }

    public long requestsWithStatus(int status) {
        return requests.values().stream()
                .mapToLong(byStatus -> byStatus.getOrDefault(status, 0L))
                .sum();
    }

    public long totalRequests() {
        return requests.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToLong(Long::longValue)
                .sum();
    }
}

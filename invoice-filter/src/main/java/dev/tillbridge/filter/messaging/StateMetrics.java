package dev.tillbridge.filter.messaging;

import dev.tillbridge.events.SkipReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The size of everything invoice-filter keeps per order, and how much retention removed from it:
 * {@code tillbridge_filter_store_entries{store}} and {@code tillbridge_filter_pruned_total{store}}; and what the
 * decisions were: {@code tillbridge_filter_orders_released_total{kind}} ({@code first} or {@code redownload}) and
 * {@code tillbridge_filter_orders_skipped_total{reason}} (a {@link SkipReason}). Counted when the decision is
 * forwarded: a task that is retried after a crash counts its decisions again, the topics do not repeat them.
 *
 * <p>A state store is split into one store per task (partition), each owned by one stream thread: each task
 * reports its own store's approximate entry count (RocksDB's estimate) on every sweep, and forgets it when the
 * task closes here (it moved to another replica, which reports it there). The gauge is this replica's sum.
 */
@ApplicationScoped
public class StateMetrics {

    public static final String INVOICED_ORDER_TABLE = "invoiced_order";
    static final List<String> STORES = List.of(
            DownloadModeTopology.ORDERS_STORE,
            DownloadModeTopology.PARKED_STORE,
            DownloadModeTopology.MISMATCH_STORE,
            DownloadModeTopology.MARKS_STORE,
            INVOICED_ORDER_TABLE);

    private final Map<String, Map<String, Long>> sizes = new ConcurrentHashMap<>();
    private final Map<String, Counter> pruned = new ConcurrentHashMap<>();
    private final Counter released;
    private final Counter redownloaded;
    private final Map<SkipReason, Counter> skipped = new EnumMap<>(SkipReason.class);

    public StateMetrics(MeterRegistry registry) {
        released = Counter.builder("tillbridge.filter.orders.released")
                .tag("kind", "first")
                .description("Orders released to filtered-orders")
                .register(registry);
        redownloaded = Counter.builder("tillbridge.filter.orders.released")
                .tag("kind", "redownload")
                .description("Orders released to filtered-orders")
                .register(registry);
        for (SkipReason reason : SkipReason.values()) {
            skipped.put(
                    reason,
                    Counter.builder("tillbridge.filter.orders.skipped")
                            .tag("reason", reason.name())
                            .description("Orders recorded as skipped, by reason")
                            .register(registry));
        }
        for (String store : STORES) {
            sizes.put(store, new ConcurrentHashMap<>());
            Gauge.builder("tillbridge.filter.store.entries", this, m -> m.entries(store))
                    .tag("store", store)
                    .description("Entries kept per order (approximate for state stores), on this replica")
                    .register(registry);
            pruned.put(
                    store,
                    Counter.builder("tillbridge.filter.pruned")
                            .tag("store", store)
                            .description("Entries removed by retention")
                            .register(registry));
        }
    }

    /** For topology tests: counts nobody exports. */
    public static StateMetrics unregistered() {
        return new StateMetrics(new SimpleMeterRegistry());
    }

    /** The size of {@code store} in {@code part} (a task id, or the table's one part). */
    public void size(String store, String part, long entries) {
        sizes.get(store).put(part, entries);
    }

    /** {@code part} is gone from this replica (a closed task). */
    public void forget(String part) {
        sizes.values().forEach(parts -> parts.remove(part));
    }

    public void pruned(String store, long count) {
        if (count > 0) {
            pruned.get(store).increment(count);
        }
    }

    public void released(boolean redownload) {
        (redownload ? redownloaded : released).increment();
    }

    public void skipped(SkipReason reason) {
        skipped.get(reason).increment();
    }

    public double entries(String store) {
        return sizes.get(store).values().stream().mapToLong(Long::longValue).sum();
    }

    public double prunedCount(String store) {
        return pruned.get(store).count();
    }
}

package dev.tillbridge.simulator.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every successful product save, so tests and benchmarks can assert on what Magento received: how often each
 * SKU was saved, the latest request and resulting product, and through which store code and path (a save
 * without {@code /rest/all} writes store-view values in a real Magento; docs/magento-api.md §5).
 */
public final class ProductSaveLog {

    /** {@code via} is {@code rest} for a synchronous save and {@code bulk} for one done by the async consumer. */
    public record ProductSave(
            String sku, String storeCode, String via, JsonNode request, JsonNode product, Instant savedAt) {}

    public record SkuSaves(int count, ProductSave latest) {}

    private final Map<String, SkuSaves> bySku = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    void record(ProductSave save) {
        total.incrementAndGet();
        bySku.merge(key(save.sku()), new SkuSaves(1, save), (old, next) -> new SkuSaves(old.count() + 1, save));
    }

    public long totalSaves() {
        return total.get();
    }

    public int saveCount(String sku) {
        SkuSaves saves = bySku.get(key(sku));
        return saves == null ? 0 : saves.count();
    }

    public Optional<ProductSave> latest(String sku) {
        return Optional.ofNullable(bySku.get(key(sku))).map(SkuSaves::latest);
    }

    /** Sorted by SKU so that JSON output is stable. */
    public Map<String, SkuSaves> bySku() {
        Map<String, SkuSaves> sorted = new TreeMap<>();
        bySku.values().forEach(s -> sorted.put(s.latest().sku(), s));
        return sorted;
    }

    public void reset() {
        bySku.clear();
        total.set(0);
    }

    private static String key(String sku) {
        return sku.toLowerCase(Locale.ROOT);
    }
}

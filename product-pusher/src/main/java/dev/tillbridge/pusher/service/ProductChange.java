package dev.tillbridge.pusher.service;

import dev.tillbridge.events.ProductUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What is waiting to be sent for one SKU of one integration: the latest values the POS sent for it and
 * every consumed record those values answer for. Several updates of one SKU that wait together are sent
 * once, with the latest values (coalescing); when that one send ends, all of them are counted with its
 * outcome. Owned by {@link PendingProducts} while waiting and by one worker while in flight.
 */
public final class ProductChange {

    private final String skuKey;
    private ProductUpdate latest;
    private final List<Carried> carried = new ArrayList<>();
    private int attempts;

    ProductChange(ProductUpdate update, Carried record) {
        this.skuKey = skuKey(update.sku());
        this.latest = update;
        this.carried.add(record);
    }

    /** Magento compares SKUs without case (MySQL collation), so one product is one key. */
    static String skuKey(String sku) {
        return sku.toLowerCase(Locale.ROOT);
    }

    String skuKey() {
        return skuKey;
    }

    public ProductUpdate latest() {
        return latest;
    }

    public String sku() {
        return latest.sku();
    }

    public List<Carried> carried() {
        return List.copyOf(carried);
    }

    public int attempts() {
        return attempts;
    }

    void attempted() {
        attempts++;
    }

    /** A later update of the same SKU: its values replace these, and it is answered for along with them. */
    void absorb(ProductUpdate newer, Carried record) {
        latest = newer;
        carried.add(record);
    }

    /** {@code newer} arrived while this one was in flight: its values win, this one's records come along. */
    void absorbAll(ProductChange newer) {
        latest = newer.latest;
        carried.addAll(newer.carried);
    }
}

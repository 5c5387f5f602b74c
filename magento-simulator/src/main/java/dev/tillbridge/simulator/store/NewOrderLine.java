package dev.tillbridge.simulator.store;

import java.math.BigDecimal;

/**
 * One ordered product. A configurable line becomes two order items (parent and child) with the same SKU, as
 * Magento lists them (docs/magento-api.md §3).
 */
public record NewOrderLine(String sku, String name, Integer qty, BigDecimal price, Boolean configurable) {

    public static NewOrderLine simple(String sku, int qty, String price) {
        return new NewOrderLine(sku, null, qty, new BigDecimal(price), false);
    }

    public static NewOrderLine configurable(String sku, int qty, String price) {
        return new NewOrderLine(sku, null, qty, new BigDecimal(price), true);
    }
}

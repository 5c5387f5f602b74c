package dev.tillbridge.events.order;

import java.math.BigDecimal;

/**
 * One order line. Configurable and bundle products appear twice in Magento (parent and child repeat the
 * SKU); {@code parentItemId} tells the child line apart so a POS books the product once.
 */
public record OrderItem(
        long itemId,
        Long parentItemId,
        String sku,
        String name,
        String productType,
        BigDecimal qtyOrdered,
        BigDecimal qtyInvoiced,
        BigDecimal price,
        BigDecimal rowTotal) {}

package dev.tillbridge.simulator.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An invoice as {@code GET /V1/invoices} shows it (docs/magento-api.md §4). {@code state}: 1 open, 2 paid, 3 canceled. */
public record Invoice(
        int entityId,
        int orderId,
        String incrementId,
        int state,
        int storeId,
        BigDecimal subtotal,
        BigDecimal baseSubtotal,
        BigDecimal shippingAmount,
        BigDecimal baseShippingAmount,
        BigDecimal taxAmount,
        BigDecimal grandTotal,
        BigDecimal baseGrandTotal,
        int totalQty,
        String orderCurrencyCode,
        Instant createdAt,
        Instant updatedAt,
        List<InvoiceItem> items) {

    public static final int STATE_PAID = 2;

    public record InvoiceItem(
            int entityId,
            int parentId,
            int orderItemId,
            String sku,
            String name,
            int productId,
            int qty,
            BigDecimal price,
            BigDecimal basePrice,
            BigDecimal rowTotal,
            BigDecimal baseRowTotal) {}
}

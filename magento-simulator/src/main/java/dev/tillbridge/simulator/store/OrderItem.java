package dev.tillbridge.simulator.store;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One line of {@code items[]}. A configurable product appears twice: the parent line (type configurable, the
 * chosen simple's SKU, the price) and the child line (type simple, same SKU, price 0) with {@code parent_item_id}
 * and the parent embedded as {@code parent_item} (docs/magento-api.md §3).
 */
public record OrderItem(
        int itemId,
        int orderId,
        Integer parentItemId,
        String sku,
        String name,
        int productId,
        String productType,
        int storeId,
        Instant createdAt,
        Instant updatedAt,
        int isVirtual,
        int qtyOrdered,
        int qtyInvoiced,
        int qtyShipped,
        int qtyRefunded,
        int qtyCanceled,
        BigDecimal price,
        BigDecimal basePrice,
        BigDecimal originalPrice,
        BigDecimal rowTotal,
        BigDecimal baseRowTotal,
        BigDecimal rowInvoiced,
        BigDecimal baseRowInvoiced,
        BigDecimal taxAmount,
        BigDecimal discountAmount,
        BigDecimal weight,
        OrderItem parentItem) {

    public int qtyToInvoice() {
        return qtyOrdered - qtyInvoiced - qtyCanceled;
    }

    public boolean isChild() {
        return parentItemId != null;
    }

    public OrderItem withInvoiced(int addedQty, Instant at) {
        BigDecimal invoiced = rowInvoiced.add(price.multiply(BigDecimal.valueOf(addedQty)));
        return withQuantities(qtyInvoiced + addedQty, qtyShipped, qtyCanceled, invoiced, at);
    }

    public OrderItem withShippedAll(Instant at) {
        return withQuantities(qtyInvoiced, qtyOrdered - qtyCanceled, qtyCanceled, rowInvoiced, at);
    }

    public OrderItem withRestCanceled(Instant at) {
        return withQuantities(qtyInvoiced, qtyShipped, qtyOrdered - qtyInvoiced, rowInvoiced, at);
    }

    private OrderItem withQuantities(int invoiced, int shipped, int canceled, BigDecimal invoicedRow, Instant at) {
        return new OrderItem(
                itemId,
                orderId,
                parentItemId,
                sku,
                name,
                productId,
                productType,
                storeId,
                createdAt,
                at,
                isVirtual,
                qtyOrdered,
                invoiced,
                shipped,
                qtyRefunded,
                canceled,
                price,
                basePrice,
                originalPrice,
                rowTotal,
                baseRowTotal,
                invoicedRow,
                invoicedRow,
                taxAmount,
                discountAmount,
                weight,
                parentItem);
    }

    public OrderItem withParent(OrderItem parent) {
        return new OrderItem(
                itemId,
                orderId,
                parentItemId,
                sku,
                name,
                productId,
                productType,
                storeId,
                createdAt,
                updatedAt,
                isVirtual,
                qtyOrdered,
                qtyInvoiced,
                qtyShipped,
                qtyRefunded,
                qtyCanceled,
                price,
                basePrice,
                originalPrice,
                rowTotal,
                baseRowTotal,
                rowInvoiced,
                baseRowInvoiced,
                taxAmount,
                discountAmount,
                weight,
                parent);
    }
}

package dev.tillbridge.events.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An order as Magento returned it, normalised to Tillbridge's names. It is everything a POS needs to
 * book the sale, so {@code filtered-orders} consumers never call Magento themselves.
 *
 * <p>Money fields are the order currency's; {@code base*} fields the store's base currency, which the
 * invoiced test uses (Magento compares base totals).
 */
public record OrderSnapshot(
        long entityId,
        String incrementId,
        String state,
        String status,
        int storeId,
        String customerEmail,
        String customerFirstname,
        String customerLastname,
        String currencyCode,
        BigDecimal grandTotal,
        BigDecimal baseGrandTotal,
        BigDecimal totalInvoiced,
        BigDecimal baseTotalInvoiced,
        BigDecimal totalPaid,
        Instant createdAt,
        Instant updatedAt,
        List<OrderItem> items,
        Address billingAddress,
        Address shippingAddress,
        String shippingMethod,
        BigDecimal shippingAmount,
        Payment payment) {

    public OrderSnapshot {
        if (entityId <= 0) {
            throw new IllegalArgumentException("entityId must be positive, was " + entityId);
        }
        Objects.requireNonNull(incrementId, "incrementId is required");
        Objects.requireNonNull(state, "state is required");
        Objects.requireNonNull(baseGrandTotal, "baseGrandTotal is required");
        Objects.requireNonNull(createdAt, "createdAt is required");
        Objects.requireNonNull(updatedAt, "updatedAt is required");
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** The version of this order Magento reported: two snapshots with the same version are repeats. */
    public OrderVersion version() {
        return new OrderVersion(entityId, updatedAt, state, baseTotalInvoiced);
    }
}

package dev.tillbridge.simulator.store;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code extension_attributes.shipping_assignments[]}: Magento's getList fills one assignment per order with the
 * shipping address, method and total and the order's items again (docs/magento-api.md §3).
 */
public record OrderShipping(List<ShippingAssignment> shippingAssignments) {

    public record ShippingAssignment(Shipping shipping, List<OrderItem> items) {}

    public record Shipping(OrderAddress address, String method, ShippingTotal total) {}

    public record ShippingTotal(
            BigDecimal shippingAmount,
            BigDecimal baseShippingAmount,
            BigDecimal shippingInclTax,
            BigDecimal baseShippingInclTax,
            BigDecimal shippingTaxAmount) {}
}

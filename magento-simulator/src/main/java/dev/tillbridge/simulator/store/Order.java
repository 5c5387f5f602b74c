package dev.tillbridge.simulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tillbridge.simulator.store.OrderShipping.Shipping;
import dev.tillbridge.simulator.store.OrderShipping.ShippingAssignment;
import dev.tillbridge.simulator.store.OrderShipping.ShippingTotal;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sales order as {@code GET /V1/orders} shows it (docs/magento-api.md §3), immutable: every change makes a new value that the
 * {@link OrderBook} stores. Customer and totals are grouped in Java but flat in JSON, as in Magento.
 */
public record Order(
        int entityId,
        String incrementId,
        String state,
        String status,
        int storeId,
        String storeName,
        Instant createdAt,
        Instant updatedAt,
        @JsonUnwrapped OrderCustomer customer,
        @JsonUnwrapped OrderTotals totals,
        int totalItemCount,
        String shippingDescription,
        List<OrderItem> items,
        OrderAddress billingAddress,
        OrderPayment payment,
        @JsonIgnore OrderAddress shippingAddress,
        @JsonIgnore String shippingMethod) {

    public Order {
        items = embedParents(items);
    }

    /** Built from the order itself, so the assignment's items never disagree with {@code items}. */
    @JsonProperty("extension_attributes")
    public OrderShipping extensionAttributes() {
        ShippingTotal total = new ShippingTotal(
                totals.shippingAmount(),
                totals.baseShippingAmount(),
                totals.shippingAmount(),
                totals.baseShippingAmount(),
                BigDecimal.ZERO);
        return new OrderShipping(
                List.of(new ShippingAssignment(new Shipping(shippingAddress, shippingMethod, total), items)));
    }

    public Order withStateAndStatus(String newState, String newStatus, Instant at) {
        return new Order(
                entityId,
                incrementId,
                newState,
                newStatus,
                storeId,
                storeName,
                createdAt,
                at,
                customer,
                totals,
                totalItemCount,
                shippingDescription,
                items,
                billingAddress,
                payment,
                shippingAddress,
                shippingMethod);
    }

    public Order withUpdatedAt(Instant at) {
        return withStateAndStatus(state, status, at);
    }

    public Order withItems(List<OrderItem> newItems, Instant at) {
        return new Order(
                entityId,
                incrementId,
                state,
                status,
                storeId,
                storeName,
                createdAt,
                at,
                customer,
                totals,
                totalItemCount,
                shippingDescription,
                newItems,
                billingAddress,
                payment,
                shippingAddress,
                shippingMethod);
    }

    public Order withInvoice(
            List<OrderItem> newItems,
            OrderTotals newTotals,
            OrderPayment newPayment,
            String newState,
            String newStatus,
            Instant at) {
        return new Order(
                entityId,
                incrementId,
                newState,
                newStatus,
                storeId,
                storeName,
                createdAt,
                at,
                customer,
                newTotals,
                totalItemCount,
                shippingDescription,
                newItems,
                billingAddress,
                newPayment,
                shippingAddress,
                shippingMethod);
    }

    public OrderState orderState() {
        return OrderState.of(state);
    }

    /** Children carry a copy of their current parent line; re-done on every change so the copy is never stale. */
    private static List<OrderItem> embedParents(List<OrderItem> items) {
        Map<Integer, OrderItem> parents = new HashMap<>();
        for (OrderItem item : items) {
            if (!item.isChild()) {
                parents.put(item.itemId(), item.parentItem() == null ? item : item.withParent(null));
            }
        }
        List<OrderItem> linked = new ArrayList<>(items.size());
        for (OrderItem item : items) {
            linked.add(item.isChild() ? item.withParent(parents.get(item.parentItemId())) : item);
        }
        return List.copyOf(linked);
    }
}

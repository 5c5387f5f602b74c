package dev.tillbridge.magento;

import dev.tillbridge.events.order.OrderSnapshot;
import java.util.List;

/** One page of {@code GET /V1/orders}: its orders and Magento's unpaged total. */
public record OrderPage(List<OrderSnapshot> items, int totalCount) {
    public OrderPage {
        items = List.copyOf(items);
    }
}

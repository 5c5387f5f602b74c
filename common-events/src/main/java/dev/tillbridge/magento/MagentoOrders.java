package dev.tillbridge.magento;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.events.order.Address;
import dev.tillbridge.events.order.OrderItem;
import dev.tillbridge.events.order.OrderSnapshot;
import dev.tillbridge.events.order.OrderVersion;
import dev.tillbridge.events.order.Payment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Magento's order JSON (snake_case, nulls omitted) → {@link OrderSnapshot}. Missing optional fields stay
 * null; a missing identity field (entity_id, increment_id, state, base_grand_total, dates) makes the order
 * unreadable, which the client reports with the route.
 */
final class MagentoOrders {

    private MagentoOrders() {}

    static OrderSnapshot fromJson(JsonNode o) {
        List<OrderItem> items = new ArrayList<>();
        for (JsonNode i : o.path("items")) {
            items.add(new OrderItem(
                    i.path("item_id").asLong(),
                    longOrNull(i, "parent_item_id"),
                    text(i, "sku"),
                    text(i, "name"),
                    text(i, "product_type"),
                    decimal(i, "qty_ordered"),
                    decimal(i, "qty_invoiced"),
                    decimal(i, "price"),
                    decimal(i, "row_total")));
        }
        JsonNode shipping = o.path("extension_attributes")
                .path("shipping_assignments")
                .path(0)
                .path("shipping");
        JsonNode payment = o.get("payment");
        return new OrderSnapshot(
                required(o, "entity_id").asLong(),
                required(o, "increment_id").asText(),
                required(o, "state").asText(),
                text(o, "status"),
                o.path("store_id").asInt(),
                text(o, "customer_email"),
                text(o, "customer_firstname"),
                text(o, "customer_lastname"),
                text(o, "order_currency_code"),
                decimal(o, "grand_total"),
                new BigDecimal(required(o, "base_grand_total").asText()),
                decimal(o, "total_invoiced"),
                decimal(o, "base_total_invoiced"),
                decimal(o, "total_paid"),
                MagentoTime.parse(required(o, "created_at").asText()),
                MagentoTime.parse(required(o, "updated_at").asText()),
                items,
                address(o.get("billing_address")),
                address(shipping.get("address")),
                text(shipping, "method"),
                decimal(shipping.path("total"), "shipping_amount"),
                payment == null
                        ? null
                        : new Payment(
                                text(payment, "method"),
                                decimal(payment, "amount_ordered"),
                                decimal(payment, "amount_paid")));
    }

    /** The version fields of an order (a partial answer carries no more), see {@link OrderVersion}. */
    static OrderVersion versionFromJson(JsonNode o) {
        return new OrderVersion(
                required(o, "entity_id").asLong(),
                MagentoTime.parse(required(o, "updated_at").asText()),
                required(o, "state").asText(),
                decimal(o, "base_total_invoiced"));
    }

    private static Address address(JsonNode a) {
        if (a == null || a.isNull() || a.isMissingNode()) {
            return null;
        }
        List<String> street = new ArrayList<>();
        a.path("street").forEach(s -> street.add(s.asText()));
        return new Address(
                text(a, "firstname"),
                text(a, "lastname"),
                street,
                text(a, "city"),
                text(a, "postcode"),
                text(a, "country_id"),
                text(a, "telephone"),
                text(a, "email"));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("order without " + field);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Long longOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            return null;
        }
        return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText());
    }
}

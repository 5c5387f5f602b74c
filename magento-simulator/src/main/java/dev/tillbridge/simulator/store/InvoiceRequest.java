package dev.tillbridge.simulator.store;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /V1/order/{id}/invoice}; everything optional, no items means "invoice everything left"
 * (docs/magento-api.md §4). Magento reads both snake_case and camelCase keys, hence the aliases.
 */
public record InvoiceRequest(
        Boolean capture,
        List<Item> items,
        @JsonProperty("notify") Boolean notifyCustomer,
        @JsonAlias("appendComment") Boolean appendComment,
        Comment comment) {

    public static InvoiceRequest everything() {
        return new InvoiceRequest(false, null, false, false, null);
    }

    public static InvoiceRequest of(List<Item> items) {
        return new InvoiceRequest(false, items, false, false, null);
    }

    public record Item(@JsonAlias("orderItemId") Integer orderItemId, Integer qty) {}

    public record Comment(
            String comment, @JsonAlias("isVisibleOnFront") Integer isVisibleOnFront) {}
}

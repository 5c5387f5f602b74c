package dev.tillbridge.pusher.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tillbridge.events.ProductUpdate;
import dev.tillbridge.events.json.EventJson;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Magento {@code ProductInterface} body for one POS product update (docs/magento-api.md §5). Only the fields the POS
 * sent are included: Magento merges a PUT into the stored product, so a field left out keeps the value an
 * operator set in Magento. The special price travels as the {@code special_price} custom attribute, as
 * Magento's REST API expects it.
 */
public final class MagentoProduct {

    static final int STATUS_ENABLED = 1;
    static final int STATUS_DISABLED = 2;

    private MagentoProduct() {}

    public static ObjectNode of(ProductUpdate update) {
        ObjectNode product = EventJson.mapper().createObjectNode();
        product.put("sku", update.sku());
        if (update.name() != null) {
            product.put("name", update.name());
        }
        if (update.price() != null) {
            product.put("price", update.price());
        }
        if (update.status() != null) {
            product.put(
                    "status",
                    update.status() == ProductUpdate.ProductStatus.ENABLED ? STATUS_ENABLED : STATUS_DISABLED);
        }
        if (update.weight() != null) {
            product.put("weight", update.weight());
        }
        if (update.qty() != null || update.inStock() != null) {
            ObjectNode stock = product.putObject("extension_attributes").putObject("stock_item");
            if (update.qty() != null) {
                stock.put("qty", update.qty());
            }
            if (update.inStock() != null) {
                stock.put("is_in_stock", update.inStock());
            }
        }
        Map<String, String> attributes = new TreeMap<>(update.customAttributes());
        if (update.specialPrice() != null) {
            attributes.put("special_price", plain(update.specialPrice()));
        }
        if (!attributes.isEmpty()) {
            ArrayNode custom = product.putArray("custom_attributes");
            attributes.forEach((code, value) ->
                    custom.addObject().put("attribute_code", code).put("value", value));
        }
        return product;
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }
}

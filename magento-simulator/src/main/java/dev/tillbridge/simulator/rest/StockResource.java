package dev.tillbridge.simulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tillbridge.simulator.http.MagentoCall;
import dev.tillbridge.simulator.http.RouteResult;
import dev.tillbridge.simulator.tenant.TenantRuntime;
import java.util.List;

/**
 * Legacy stock ({@code GET /V1/stockItems/{sku}}, {@code PUT /V1/products/{sku}/stockItems/{itemId}}) and MSI
 * source items ({@code POST /V1/inventory/source-items}). Neither moves the product's {@code updated_at} (#37670).
 */
final class StockResource {

    private StockResource() {}

    static RouteResult get(TenantRuntime store, MagentoCall call) {
        return RouteResult.ok(store.catalog().stockItem(call.pathParam("productSku")));
    }

    /** Answers the stock item id as a bare scalar string, like the invoice id (docs/magento-api.md §0). */
    static RouteResult update(TenantRuntime store, MagentoCall call) {
        JsonNode body = call.jsonBody();
        InputListLimits.check(body, store.settings().limits(), false);
        JsonNode stockItem = body.has("stockItem") ? body.get("stockItem") : body.get("stock_item");
        int itemId = store.catalog().updateStock(call.pathParam("productSku"), stockItem);
        return RouteResult.ok(String.valueOf(itemId));
    }

    /** Sets quantity and stock status of each listed SKU (the simulator keeps one source); a void result is {@code []}. */
    static RouteResult assignSourceItems(TenantRuntime store, MagentoCall call) {
        JsonNode body = call.jsonBody();
        InputListLimits.check(body, store.settings().limits(), false);
        JsonNode items = body.has("sourceItems") ? body.get("sourceItems") : body.path("source_items");
        for (JsonNode item : items) {
            ObjectNode stock = JsonNodeFactory.instance.objectNode();
            stock.set("qty", item.path("quantity"));
            stock.put("is_in_stock", item.path("status").asInt() == 1);
            store.catalog().updateStock(item.path("sku").asText(), stock);
        }
        return RouteResult.ok(List.of());
    }
}

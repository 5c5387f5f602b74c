package dev.tillbridge.simulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tillbridge.simulator.http.MagentoCall;
import dev.tillbridge.simulator.http.RouteResult;
import dev.tillbridge.simulator.store.ProductSaveCommand;
import dev.tillbridge.simulator.tenant.TenantRuntime;

/** {@code GET /V1/products/{sku}}, {@code POST /V1/products}, {@code PUT /V1/products/{sku}} (docs/magento-api.md §5). */
final class ProductsResource {

    private ProductsResource() {}

    static RouteResult get(TenantRuntime store, MagentoCall call) {
        return RouteResult.ok(store.catalog().get(call.pathParam("sku")));
    }

    static RouteResult create(TenantRuntime store, MagentoCall call) {
        return save(store, call, null);
    }

    static RouteResult update(TenantRuntime store, MagentoCall call) {
        return save(store, call, call.pathParam("sku"));
    }

    private static RouteResult save(TenantRuntime store, MagentoCall call, String pathSku) {
        JsonNode body = call.jsonBody();
        InputListLimits.check(body, store.settings().limits(), false);
        return RouteResult.ok(
                store.saveProduct(new ProductSaveCommand(call.storeCode(), pathSku, body, "rest"), call.routeKey()));
    }
}

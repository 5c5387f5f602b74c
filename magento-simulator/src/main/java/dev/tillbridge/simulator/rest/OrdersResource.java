package dev.tillbridge.simulator.rest;

import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.http.MagentoCall;
import dev.tillbridge.simulator.http.RouteResult;
import dev.tillbridge.simulator.search.SearchCriteria;
import dev.tillbridge.simulator.tenant.StoreSettings;
import dev.tillbridge.simulator.tenant.TenantRuntime;

/** {@code GET /V1/orders} and {@code GET /V1/orders/{id}} (docs/magento-api.md §2, §3). Orders of every store view are listed. */
final class OrdersResource {

    private OrdersResource() {}

    static RouteResult list(TenantRuntime store, MagentoCall call) {
        SearchCriteria criteria = SearchRequests.criteria(call);
        StoreSettings settings = store.settings();
        return SearchRequests.envelope(
                store.orderBook().searchOrders(criteria, settings.pagePastEnd(), settings.limits()), criteria);
    }

    static RouteResult get(TenantRuntime store, MagentoCall call) {
        return store.orderBook()
                .orderRow(call.intPathParam("id"))
                .map(row -> RouteResult.okJson(row.json()))
                .orElseThrow(() -> MagentoException.noSuchEntity(MagentoException.ENTITY_NOT_FOUND));
    }
}

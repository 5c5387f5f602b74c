package dev.tillbridge.simulator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tillbridge.simulator.error.MagentoException;
import dev.tillbridge.simulator.http.MagentoCall;
import dev.tillbridge.simulator.http.RouteResult;
import dev.tillbridge.simulator.json.SimulatorJson;
import dev.tillbridge.simulator.search.SearchCriteria;
import dev.tillbridge.simulator.store.InvoiceRequest;
import dev.tillbridge.simulator.tenant.StoreSettings;
import dev.tillbridge.simulator.tenant.TenantRuntime;

/** {@code GET /V1/invoices}, {@code GET /V1/invoices/{id}} and {@code POST /V1/order/{orderId}/invoice} (docs/magento-api.md §4). */
final class InvoicesResource {

    private InvoicesResource() {}

    static RouteResult list(TenantRuntime store, MagentoCall call) {
        SearchCriteria criteria = SearchRequests.criteria(call);
        StoreSettings settings = store.settings();
        return SearchRequests.envelope(
                store.orderBook().searchInvoices(criteria, settings.pagePastEnd(), settings.limits()), criteria);
    }

    static RouteResult get(TenantRuntime store, MagentoCall call) {
        return store.orderBook()
                .invoiceRow(call.intPathParam("id"))
                .map(row -> RouteResult.okJson(row.json()))
                .orElseThrow(() -> MagentoException.noSuchEntity(MagentoException.ENTITY_NOT_FOUND));
    }

    /**
     * Answers the new invoice's id as a bare JSON scalar. It is a string ({@code "5"}) because Magento returns the
     * id as PHP read it from the database and does not cast scalar results (docs/magento-api.md §0); clients must accept both.
     */
    static RouteResult create(TenantRuntime store, MagentoCall call) {
        int orderId = call.intPathParam("orderId");
        var body = call.jsonBody();
        InputListLimits.check(body, store.settings().limits(), false);
        InvoiceRequest request;
        try {
            request = SimulatorJson.mapper().treeToValue(body, InvoiceRequest.class);
        } catch (JsonProcessingException e) {
            throw MagentoException.input("Decoding error.");
        }
        int invoiceId = store.invoiceOrder().execute(orderId, request);
        return RouteResult.ok(String.valueOf(invoiceId));
    }
}

package dev.tillbridge.simulator.rest;

import static dev.tillbridge.simulator.capacity.RouteClass.BULK_ACCEPT;
import static dev.tillbridge.simulator.capacity.RouteClass.BULK_STATUS;
import static dev.tillbridge.simulator.capacity.RouteClass.INVOICE_CREATE;
import static dev.tillbridge.simulator.capacity.RouteClass.INVOICE_LIST;
import static dev.tillbridge.simulator.capacity.RouteClass.INVOICE_READ;
import static dev.tillbridge.simulator.capacity.RouteClass.ORDER_LIST;
import static dev.tillbridge.simulator.capacity.RouteClass.ORDER_READ;
import static dev.tillbridge.simulator.capacity.RouteClass.PRODUCT_READ;
import static dev.tillbridge.simulator.capacity.RouteClass.PRODUCT_SAVE;
import static dev.tillbridge.simulator.capacity.RouteClass.STOCK;

import dev.tillbridge.simulator.auth.AclResource;
import dev.tillbridge.simulator.http.MagentoRoute;
import java.util.List;

/** Every Magento route the simulator serves, with its ACL resource and cost class. */
public final class MagentoApi {

    private static final String V1 = "V1";
    private static final String ASYNC = "async/V1";
    private static final String BULK = "async/bulk/V1";

    private MagentoApi() {}

    public static List<MagentoRoute> routes() {
        return List.of(
                MagentoRoute.of("GET", V1, "orders", AclResource.ORDERS, ORDER_LIST, OrdersResource::list),
                MagentoRoute.of("GET", V1, "orders/{id}", AclResource.ORDERS, ORDER_READ, OrdersResource::get),
                MagentoRoute.of("GET", V1, "invoices", AclResource.INVOICES, INVOICE_LIST, InvoicesResource::list),
                MagentoRoute.of("GET", V1, "invoices/{id}", AclResource.INVOICES, INVOICE_READ, InvoicesResource::get),
                MagentoRoute.of(
                        "POST",
                        V1,
                        "order/{orderId}/invoice",
                        AclResource.CREATE_INVOICE,
                        INVOICE_CREATE,
                        InvoicesResource::create),
                MagentoRoute.of("GET", V1, "products/{sku}", AclResource.PRODUCTS, PRODUCT_READ, ProductsResource::get),
                MagentoRoute.of("POST", V1, "products", AclResource.PRODUCTS, PRODUCT_SAVE, ProductsResource::create),
                MagentoRoute.of(
                        "PUT", V1, "products/{sku}", AclResource.PRODUCTS, PRODUCT_SAVE, ProductsResource::update),
                MagentoRoute.of(
                        "GET", V1, "stockItems/{productSku}", AclResource.STOCK_ITEMS, STOCK, StockResource::get),
                MagentoRoute.of(
                        "PUT",
                        V1,
                        "products/{productSku}/stockItems/{itemId}",
                        AclResource.STOCK_ITEMS,
                        STOCK,
                        StockResource::update),
                MagentoRoute.of(
                        "POST",
                        V1,
                        "inventory/source-items",
                        AclResource.SOURCE_ITEMS,
                        STOCK,
                        StockResource::assignSourceItems),
                MagentoRoute.of(
                        "POST", ASYNC, "products", AclResource.PRODUCTS, BULK_ACCEPT, BulkResource::asyncCreate),
                MagentoRoute.of(
                        "PUT", ASYNC, "products/{sku}", AclResource.PRODUCTS, BULK_ACCEPT, BulkResource::asyncUpdate),
                MagentoRoute.of("POST", BULK, "products", AclResource.PRODUCTS, BULK_ACCEPT, BulkResource::bulkCreate),
                MagentoRoute.of(
                        "PUT",
                        BULK,
                        "products/bySku",
                        AclResource.PRODUCTS,
                        BULK_ACCEPT,
                        BulkResource::bulkUpdateBySku),
                MagentoRoute.of(
                        "GET", V1, "bulk/{bulkUuid}/status", AclResource.BULK, BULK_STATUS, BulkResource::status),
                MagentoRoute.of(
                        "GET",
                        V1,
                        "bulk/{bulkUuid}/detailed-status",
                        AclResource.BULK,
                        BULK_STATUS,
                        BulkResource::detailedStatus),
                MagentoRoute.of(
                        "GET",
                        V1,
                        "bulk/{bulkUuid}/operation-status/{status}",
                        AclResource.BULK,
                        BULK_STATUS,
                        BulkResource::operationStatusCount));
    }
}

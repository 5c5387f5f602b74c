package dev.tillbridge.simulator.auth;

/** The ACL resource each Magento route checks, named in the 401 body's {@code parameters.resources} (docs/magento-api.md §1). */
public final class AclResource {

    public static final String ORDERS = "Magento_Sales::actions_view";
    public static final String INVOICES = "Magento_Sales::sales_invoice";
    public static final String CREATE_INVOICE = "Magento_Sales::invoice";
    public static final String PRODUCTS = "Magento_Catalog::products";
    public static final String STOCK_ITEMS = "Magento_CatalogInventory::cataloginventory";
    public static final String SOURCE_ITEMS = "Magento_InventoryApi::stock_source_item_assign";
    public static final String BULK = "Magento_AsynchronousOperations::system_magento_logging_bulk_operations";

    private AclResource() {}
}

package dev.tillbridge.simulator.capacity;

/** Routes grouped by the work they cost a store, for the service-time model. */
public enum RouteClass {
    ORDER_LIST,
    ORDER_READ,
    INVOICE_LIST,
    INVOICE_READ,
    INVOICE_CREATE,
    PRODUCT_READ,
    PRODUCT_SAVE,
    STOCK,
    BULK_ACCEPT,
    BULK_STATUS;

    public boolean isList() {
        return this == ORDER_LIST || this == INVOICE_LIST;
    }
}

package dev.tillbridge.events;

/** The Order Download Mode of an integration: download before or after Magento invoices an order. */
public enum DownloadMode {
    /** Download orders that are not invoiced yet; Tillbridge invoices them in Magento afterwards. */
    AUTO_INVOICE,
    /** Download orders once Magento reports them fully invoiced. */
    WAIT_FOR_INVOICE
}

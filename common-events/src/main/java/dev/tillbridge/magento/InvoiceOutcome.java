package dev.tillbridge.magento;

/** What {@code POST /V1/order/{id}/invoice} came to. Both outcomes mean the order is invoiced now. */
public sealed interface InvoiceOutcome {

    /** Magento created invoice {@code invoiceId}. */
    record Created(long invoiceId) implements InvoiceOutcome {}

    /** The order had nothing left to invoice: someone (or an earlier try of ours) invoiced it already. */
    record AlreadyInvoiced(String magentoMessage) implements InvoiceOutcome {}
}

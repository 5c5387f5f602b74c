package dev.tillbridge.filter.messaging;

/**
 * One order the invoicer must invoice in Magento: written by the decision, in the transaction of its Auto-Invoice
 * release, on {@code invoice-filter.invoice-requests} (the release's {@code traceparent} goes along as a header).
 * A few dozen bytes where reading the release back cost the whole order snapshot.
 */
record InvoiceRequest(String integrationId, long entityId, String incrementId) {}

-- Retention deletes invoiced_order rows by age (InvoiceQueue.forgetInvoicedBefore) in small batches: each batch
-- finds its oldest rows through this index instead of scanning the table.
CREATE INDEX invoiced_order_done_at ON invoiced_order (done_at);

-- The W3C traceparent of the release that queued the invoice: the Magento invoice call, made later by the scheduler,
-- joins the order's trace (poller cycle -> decision -> invoice). Null for jobs queued before, or untraced.
ALTER TABLE pending_invoice ADD COLUMN traceparent text;

-- The invoices inside the invoice overlap whose orders a committed cycle has read (issue 14): the next cycle meets
-- them again in its invoice search and does not download their orders again. NULL: not known (read them all).
ALTER TABLE sync_state ADD COLUMN invoices_read BIGINT[];

-- Auto-Invoice: orders released to the POS that still need their invoice in Magento. A row is claimed
-- for a while (claimed_until) by one replica, so the Magento call happens outside any transaction.
CREATE TABLE pending_invoice (
    integration_id  TEXT        NOT NULL,
    entity_id       BIGINT      NOT NULL,
    increment_id    TEXT        NOT NULL,
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_until   TIMESTAMPTZ,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (integration_id, entity_id)
);
CREATE INDEX pending_invoice_due ON pending_invoice (next_attempt_at);

-- Orders whose invoice is done (created by us, or found already invoiced): a redelivered release
-- does not queue them again. Pruned after the filtered-orders retention.
CREATE TABLE invoiced_order (
    integration_id TEXT        NOT NULL,
    entity_id      BIGINT      NOT NULL,
    invoice_id     BIGINT,
    outcome        TEXT        NOT NULL,
    done_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (integration_id, entity_id)
);

-- Reconciliation (orders Magento committed too late for the updated_at window):
-- max_entity_id: the highest order entity_id seen; later cycles ask for ids above it (Magento's ids only grow).
-- recorded_since: from when published_recent is complete; a sweep never reaches before it.
-- last_sweep_at: when the last sweep over the recent span succeeded.
ALTER TABLE sync_state ADD COLUMN max_entity_id  BIGINT;
ALTER TABLE sync_state ADD COLUMN recorded_since TIMESTAMPTZ;
ALTER TABLE sync_state ADD COLUMN last_sweep_at  TIMESTAMPTZ;

-- The newest updated_at published per order within the sweep span (pruned past it), so a sweep publishes only
-- the orders whose current version was never published.
CREATE TABLE published_recent (
    integration_id TEXT        NOT NULL,
    entity_id      BIGINT      NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (integration_id, entity_id)
);
CREATE INDEX published_recent_age ON published_recent (integration_id, updated_at);

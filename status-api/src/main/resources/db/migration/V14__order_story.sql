-- One order's story (GET /api/v1/integrations/{id}/orders/{ref}): every fact the read model heard about an order,
-- oldest first: the versions the poller saw (raw-orders), the decisions (skipped-orders, filtered-orders with the
-- partition and offset of the release), re-download requests (raw-orders) and the log lines about the order
-- (integration-logs lines that name it, e.g. the Auto-Invoice outcome).
--
-- Bounded like the rest of the read model: a story is deleted once its last fact is older than
-- tillbridge.status.retention.orders (as downloaded_order and skipped_order), and an order keeps at most
-- tillbridge.status.story.max-facts-per-order facts (the oldest "seen" versions go first; facts_dropped counts them).
CREATE TABLE order_story (
    integration_id TEXT        NOT NULL,
    entity_id      BIGINT      NOT NULL,
    increment_id   TEXT,
    first_fact_at  TIMESTAMPTZ NOT NULL,
    last_fact_at   TIMESTAMPTZ NOT NULL,
    facts          INTEGER     NOT NULL DEFAULT 0,
    facts_dropped  INTEGER     NOT NULL DEFAULT 0,
    PRIMARY KEY (integration_id, entity_id)
);
-- "#000000123": the store owner knows the increment id.
CREATE INDEX order_story_increment ON order_story (integration_id, increment_id);
CREATE INDEX order_story_retention ON order_story (last_fact_at);

CREATE TABLE order_fact (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    integration_id TEXT        NOT NULL,
    entity_id      BIGINT      NOT NULL,
    -- SEEN, SKIPPED, RELEASED, REDOWNLOAD_REQUESTED, INVOICE, LOG
    kind           TEXT        NOT NULL,
    occurred_at    TIMESTAMPTZ NOT NULL,
    -- The record's envelope id: a fact is written once per record. raw-orders records (one per order version,
    -- the bulk) are recognised as repeats by this alone, not through processed_event.
    envelope_id    UUID        NOT NULL UNIQUE,
    -- The kind's own fields (cycle, updated_at, state, totals, reason, partition and offset, ...), as JSON.
    detail         JSONB       NOT NULL
);
CREATE INDEX order_fact_story ON order_fact (integration_id, entity_id, occurred_at, id);

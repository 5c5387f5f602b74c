-- Resyncs (issue 16): what the Status page shows of a re-read from a date, and the rule "one at a time per
-- integration" (the partial unique index: a request is REQUESTED until the poller reports it RUNNING, then DONE,
-- CANCELLED or FAILED). Written by the control plane (with its sync-requests command in the outbox, same
-- transaction) and by the poller's resync.progress records on sync-cycles.
CREATE TABLE integration_resync (
    resync_id      UUID PRIMARY KEY,
    integration_id TEXT        NOT NULL,
    account_id     TEXT        NOT NULL,
    from_at        TIMESTAMPTZ NOT NULL,
    up_to          TIMESTAMPTZ,
    read_up_to     TIMESTAMPTZ,
    force          BOOLEAN     NOT NULL,
    orders_found   BIGINT      NOT NULL DEFAULT 0,
    orders_sent    BIGINT      NOT NULL DEFAULT 0,
    state          TEXT        NOT NULL,
    message        TEXT,
    requested_by   TEXT,
    requested_at   TIMESTAMPTZ NOT NULL,
    cancel_requested_by TEXT,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX integration_resync_one_active ON integration_resync (integration_id)
    WHERE state IN ('REQUESTED', 'RUNNING');
CREATE INDEX integration_resync_latest ON integration_resync (integration_id, requested_at DESC);

-- Resyncs (issue 16): an operator's re-read of an integration's orders from a date, next to the regular cycles. One
-- row per resync, kept after it ends so a command delivered again (status-api's outbox publishes at least once) is
-- recognised by its id and not started twice. At most one RUNNING per integration (the partial unique index). The
-- cursor (cursor_time, cursor_id) is the keyset position of the last page committed: a restart resumes there. The
-- regular watermark in sync_state is never written by a resync.
CREATE TABLE resync (
    resync_id      UUID PRIMARY KEY,
    integration_id TEXT        NOT NULL,
    account_id     TEXT        NOT NULL,
    from_at        TIMESTAMPTZ NOT NULL,
    up_to          TIMESTAMPTZ NOT NULL,
    force          BOOLEAN     NOT NULL,
    requested_by   TEXT,
    state          TEXT        NOT NULL,
    cursor_time    TIMESTAMPTZ NOT NULL,
    cursor_id      BIGINT      NOT NULL DEFAULT 0,
    orders_found   BIGINT      NOT NULL DEFAULT 0,
    orders_sent    BIGINT      NOT NULL DEFAULT 0,
    pages          BIGINT      NOT NULL DEFAULT 0,
    failures       INT         NOT NULL DEFAULT 0,
    message        TEXT,
    owner          TEXT,
    leased_until   TIMESTAMPTZ,
    next_run_at    TIMESTAMPTZ NOT NULL,
    started_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX resync_one_running ON resync (integration_id) WHERE state = 'RUNNING';
CREATE INDEX resync_due ON resync (next_run_at) WHERE state = 'RUNNING';

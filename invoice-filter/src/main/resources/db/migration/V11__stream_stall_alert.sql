-- Integrations told that this filter's decision stream stopped (STREAM_STALLED raised), so the next process
-- whose stream runs again resolves exactly those alerts, also after a restart.
CREATE TABLE stream_stall_alert (
    integration_id TEXT        PRIMARY KEY,
    account_id     TEXT        NOT NULL,
    raised_at      TIMESTAMPTZ NOT NULL
);

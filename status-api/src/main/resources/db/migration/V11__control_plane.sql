-- The control plane's own copy of every integration it published: the full configuration (credentials
-- sealed, never plaintext) and its revision, so a change is computed from what was last published even
-- before the integrations topic has been read back.
CREATE TABLE controlled_integration (
    integration_id   TEXT PRIMARY KEY,
    account_id       TEXT        NOT NULL,
    revision         BIGINT      NOT NULL,
    config           TEXT        NOT NULL,
    credentials_kind TEXT,
    deleted          BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Alerts status-api raised itself (SYNC_STALLED, PRODUCT_SYNC_LOOPING) and has not resolved yet, so the
-- evaluator publishes a change once, not on every run, also across restarts.
CREATE TABLE raised_alert (
    integration_id TEXT        NOT NULL,
    code           TEXT        NOT NULL,
    message        TEXT        NOT NULL,
    first_seen_at  TIMESTAMPTZ NOT NULL,
    last_seen_at   TIMESTAMPTZ NOT NULL,
    occurrences    INTEGER     NOT NULL,
    PRIMARY KEY (integration_id, code)
);

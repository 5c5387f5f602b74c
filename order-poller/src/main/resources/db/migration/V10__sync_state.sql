-- The watermark of each integration's sync cycle and what the next cycle needs: when it is due, how
-- many cycles failed in a row (back-off), and the alert currently raised for it.
CREATE TABLE sync_state (
    integration_id    TEXT PRIMARY KEY,
    watermark         TIMESTAMPTZ,
    invoice_watermark TIMESTAMPTZ,
    next_run_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    failures          INT         NOT NULL DEFAULT 0,
    alert_code        TEXT,
    alert_first_seen  TIMESTAMPTZ,
    alert_occurrences INT         NOT NULL DEFAULT 0,
    last_cycle_at     TIMESTAMPTZ
);

-- The versions published inside the overlap window, so the next cycle drops exact repeats.
CREATE TABLE published_version (
    integration_id      TEXT        NOT NULL,
    entity_id           BIGINT      NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    state               TEXT        NOT NULL,
    base_total_invoiced NUMERIC(20, 4),
    PRIMARY KEY (integration_id, entity_id)
);
CREATE INDEX published_version_age ON published_version (integration_id, updated_at);

-- One replica polls an integration at a time: the lease holder until expires_at.
CREATE TABLE poll_lease (
    integration_id TEXT PRIMARY KEY,
    owner          TEXT        NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL
);

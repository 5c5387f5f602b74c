-- status-api's read model: what the Status and Logs pages show, built from the topics.
-- Every record is applied at most once: its envelope id is written to processed_event in the same
-- transaction as the change it makes.

CREATE TABLE processed_event (
    envelope_id  UUID PRIMARY KEY,
    topic        TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX processed_event_processed_at ON processed_event (processed_at);

-- One row per integration: the status document's scalar parts. `version` moves with every change the
-- Status page shows, so a cached document is served only while its version is current.
CREATE TABLE integration_status (
    integration_id            TEXT PRIMARY KEY,
    account_id                TEXT        NOT NULL,
    configured                BOOLEAN     NOT NULL DEFAULT FALSE,
    deleted                   BOOLEAN     NOT NULL DEFAULT FALSE,
    revision                  BIGINT      NOT NULL DEFAULT 0,
    name                      TEXT,
    pos_name                  TEXT,
    enabled                   BOOLEAN     NOT NULL DEFAULT TRUE,
    download_mode             TEXT,
    sync_interval_seconds     INTEGER,
    version                   BIGINT      NOT NULL DEFAULT 0,
    -- Magento side
    last_product_sent_at      TIMESTAMPTZ,
    last_product_sku          TEXT,
    last_order_downloaded_at  TIMESTAMPTZ,
    last_order_increment_id   TEXT,
    last_order_entity_id      BIGINT,
    -- the cycle under way, then the latest cycle that ended
    running_cycle_id          UUID,
    running_cycle_started_at  TIMESTAMPTZ,
    running_window_from       TIMESTAMPTZ,
    running_window_to         TIMESTAMPTZ,
    cycle_id                  UUID,
    cycle_started_at          TIMESTAMPTZ,
    cycle_ended_at            TIMESTAMPTZ,
    cycle_window_from         TIMESTAMPTZ,
    cycle_window_to           TIMESTAMPTZ,
    cycle_outcome             TEXT,
    cycle_orders_seen         INTEGER,
    cycle_duration_ms         BIGINT,
    cycle_error               TEXT,
    cycle_event_at            TIMESTAMPTZ,
    first_cycle_at            TIMESTAMPTZ,
    last_successful_cycle_at  TIMESTAMPTZ,
    -- SYNC_STALLED inputs: the window end of the last successful cycle (the watermark), Magento's newest
    -- updated_at, and since when Magento has had a change the watermark does not cover.
    watermark                 TIMESTAMPTZ,
    magento_newest_updated_at TIMESTAMPTZ,
    behind_since              TIMESTAMPTZ,
    -- the current (or last) product run
    run_id                    TEXT,
    run_sent                  INTEGER,
    run_failed                INTEGER,
    run_total                 INTEGER,
    run_state                 TEXT,
    run_rate                  DOUBLE PRECISION,
    run_eta_seconds           BIGINT,
    run_last_sku              TEXT,
    run_started_at            TIMESTAMPTZ,
    run_updated_at            TIMESTAMPTZ,
    run_restarts              INTEGER,
    run_most_frequent_error   TEXT,
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX integration_status_account ON integration_status (account_id);

-- Orders released to the POS; counted per day and 7 days by the time of their latest release.
CREATE TABLE downloaded_order (
    integration_id      TEXT        NOT NULL,
    entity_id           BIGINT      NOT NULL,
    increment_id        TEXT,
    first_downloaded_at TIMESTAMPTZ NOT NULL,
    last_downloaded_at  TIMESTAMPTZ NOT NULL,
    downloads           INTEGER     NOT NULL DEFAULT 1,
    PRIMARY KEY (integration_id, entity_id)
);
CREATE INDEX downloaded_order_recent ON downloaded_order (integration_id, last_downloaded_at);

-- Orders currently skipped: one row per order; a newer decision (another reason) replaces the older,
-- and a release of the order removes it.
CREATE TABLE skipped_order (
    integration_id   TEXT        NOT NULL,
    entity_id        BIGINT      NOT NULL,
    increment_id     TEXT,
    reason           TEXT        NOT NULL,
    final_decision   BOOLEAN     NOT NULL,
    sentence         TEXT,
    advice           TEXT,
    order_state      TEXT,
    order_status     TEXT,
    order_created_at TIMESTAMPTZ,
    order_updated_at TIMESTAMPTZ,
    first_skipped_at TIMESTAMPTZ NOT NULL,
    skipped_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (integration_id, entity_id)
);
CREATE INDEX skipped_order_recent ON skipped_order (integration_id, skipped_at DESC, entity_id DESC);

-- The Logs page: Info and Error lines of every service, and one Notification line per e-mail sent.
CREATE TABLE log_line (
    id             BIGSERIAL PRIMARY KEY,
    envelope_id    UUID        NOT NULL,
    integration_id TEXT        NOT NULL,
    account_id     TEXT        NOT NULL,
    service        TEXT        NOT NULL,
    type           TEXT        NOT NULL,
    message        TEXT        NOT NULL,
    origin         TEXT,
    reference      TEXT,
    occurred_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX log_line_page ON log_line (integration_id, occurred_at DESC, id DESC);
CREATE INDEX log_line_filtered_page ON log_line (integration_id, type, service, occurred_at DESC, id DESC);
CREATE INDEX log_line_retention ON log_line (occurred_at);

-- The current state of every alert (integration-alerts is compacted by integrationId:alertCode).
CREATE TABLE alert_state (
    integration_id TEXT        NOT NULL,
    code           TEXT        NOT NULL,
    state          TEXT        NOT NULL,
    service        TEXT,
    message        TEXT,
    advice         TEXT,
    first_seen_at  TIMESTAMPTZ,
    last_seen_at   TIMESTAMPTZ,
    occurrences    INTEGER     NOT NULL DEFAULT 0,
    origin         TEXT,
    changed_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (integration_id, code)
);

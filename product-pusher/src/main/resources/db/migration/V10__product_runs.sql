-- product-pusher's run state: survives restarts so that a run resumes where it stopped, is counted once per
-- position, and a run the POS started again before the previous one completed is counted as a restart.

-- One product run of one integration, as the POS numbered it.
--   state: RUNNING, COMPLETED, FAILED (finished with too many rejected products), or SUPERSEDED (the POS
--          started the catalog again before this run completed; its late records are still counted here).
--   side_run: a small run (say one changed product) that arrived during a bigger run; it is counted and
--             logged but does not replace the bigger run on the dashboard.
--   loop_started_at: when the first of a chain of runs that each restarted the previous one started; the
--                    most frequent error is taken over that chain.
CREATE TABLE product_run (
    integration_id   TEXT        NOT NULL,
    run_id           TEXT        NOT NULL,
    account_id       TEXT        NOT NULL,
    total            INTEGER     NOT NULL CHECK (total > 0),
    state            TEXT        NOT NULL CHECK (state IN ('RUNNING', 'COMPLETED', 'FAILED', 'SUPERSEDED')),
    side_run         BOOLEAN     NOT NULL DEFAULT FALSE,
    restarts         INTEGER     NOT NULL DEFAULT 0,
    loop_started_at  TIMESTAMPTZ NOT NULL,
    sent             INTEGER     NOT NULL DEFAULT 0,
    failed           INTEGER     NOT NULL DEFAULT 0,
    last_sku         TEXT,
    last_sent_at     TIMESTAMPTZ,
    started_at       TIMESTAMPTZ NOT NULL,
    last_activity_at TIMESTAMPTZ NOT NULL,
    finished_at      TIMESTAMPTZ,
    PRIMARY KEY (integration_id, run_id)
);
CREATE INDEX product_run_by_integration ON product_run (integration_id, started_at DESC);
CREATE INDEX product_run_running ON product_run (state) WHERE state IN ('RUNNING', 'SUPERSEDED');

-- Each position of a run counted once: S(ent) or F(ailed), with Magento's (or the check's) sentence.
CREATE TABLE run_position (
    integration_id TEXT        NOT NULL,
    run_id         TEXT        NOT NULL,
    position       INTEGER     NOT NULL,
    outcome        CHAR(1)     NOT NULL CHECK (outcome IN ('S', 'F')),
    sku            TEXT,
    error          TEXT,
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (integration_id, run_id, position),
    FOREIGN KEY (integration_id, run_id) REFERENCES product_run (integration_id, run_id) ON DELETE CASCADE
);

-- Alerts this service raised and has not resolved yet, so a restart still resolves them.
CREATE TABLE pusher_alert (
    integration_id TEXT        NOT NULL,
    code           TEXT        NOT NULL,
    message        TEXT,
    first_seen_at  TIMESTAMPTZ NOT NULL,
    last_seen_at   TIMESTAMPTZ NOT NULL,
    occurrences    INTEGER     NOT NULL,
    published_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (integration_id, code)
);

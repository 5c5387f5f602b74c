-- The control plane's transactional outbox: every record it announces (integrations revisions and tombstones,
-- re-download requests, its Info log lines) is written here in the same transaction as the change it announces,
-- and OutboxRelay publishes it after the commit, in id order per (topic, key), deleting the row only once the
-- broker acknowledged it. A crash between the acknowledgement and the delete publishes the row again with the
-- same envelope id (at-least-once); every consumer of these topics treats that as a repeat.
CREATE TABLE outbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic      TEXT        NOT NULL,
    msg_key    TEXT        NOT NULL,
    -- The record's value as published (the JSON envelope, UTF-8); NULL is a tombstone.
    value      TEXT,
    -- Kafka headers (CloudEvents ce_*), name -> UTF-8 value.
    headers    JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Failed publication attempts and the last error, for the operator (health data, logs).
    attempts   INTEGER     NOT NULL DEFAULT 0,
    last_error TEXT
);

-- The relay takes only the oldest pending row of each (topic, key): this index answers "is there an older one".
CREATE INDEX outbox_per_key ON outbox (topic, msg_key, id);

-- Each service's own copy of the integrations it serves, kept from the compacted `integrations` topic.
-- Shared by every service (location db/common); a service's own migrations start at V10.
CREATE TABLE integration_directory (
    integration_id TEXT PRIMARY KEY,
    account_id     TEXT        NOT NULL,
    revision       BIGINT      NOT NULL,
    enabled        BOOLEAN     NOT NULL,
    config         TEXT        NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX integration_directory_account ON integration_directory (account_id);

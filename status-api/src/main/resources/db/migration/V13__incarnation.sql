-- An integration id belongs to the account that first used it, also after it is deleted (controlled_integration
-- and integration_status keep their rows and account_id). The owner may create it again: that starts a new
-- incarnation. Everything the read model held about the old one is deleted, and records the services published
-- before the new incarnation started (envelope occurredAt earlier than this) are not applied.
ALTER TABLE integration_status ADD COLUMN incarnation_started_at TIMESTAMPTZ;

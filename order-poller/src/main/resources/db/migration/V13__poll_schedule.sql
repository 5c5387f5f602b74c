-- Fleet scale (issue 14): the lease row is also the schedule. One row per integration: who polls it now (owner,
-- until expires_at) and when it is due next (next_run_at). A tick claims every due integration it has room for in
-- one statement (lease taken and next_run_at moved to "now + lease duration", the retry time if this replica dies);
-- the end of a cycle writes the row once more (lease released, next_run_at = start + interval). An idle cycle writes
-- nothing else: sync_state changes only when a watermark, the overlap versions, the sweep or the alert moved.
-- sync_state.next_run_at stays the back-off of failed cycles (both must have passed for a cycle to be due).
ALTER TABLE poll_lease ADD COLUMN next_run_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity';
ALTER TABLE poll_lease ALTER COLUMN owner DROP NOT NULL;
ALTER TABLE poll_lease ALTER COLUMN expires_at DROP NOT NULL;
CREATE INDEX poll_lease_due ON poll_lease (next_run_at);

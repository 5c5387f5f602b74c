-- An integration id can be deleted and created again (by the same account: status-api never lets another
-- account re-use it). The new incarnation must start from nothing: its start date, no overlap versions, no
-- recorded orders, no alert of the old one. The tombstone on `integrations` deletes the sync state and moves
-- `generation` on; every write of a cycle checks, holding this row, that the generation it started with is
-- still current, so a cycle of the deleted incarnation that ends after the tombstone writes nothing.
CREATE TABLE sync_generation (
    integration_id TEXT PRIMARY KEY,
    generation     BIGINT NOT NULL
);

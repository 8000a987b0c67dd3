-- A cancelled order gives its unit back: its ledger row is marked released (once) in the same transaction as
-- remaining + 1, so a redelivered cancellation changes nothing. A row that is not released is a live reservation,
-- the durable twin of the Redis reservation record, from which a warm-up rebuilds the hot state.
-- A cancellation that overtakes its reservation's ledger entry inserts the row already released: the late
-- reservation is then ignored by the INSERT IGNORE of the ledger and never deducted (net zero, as it should be).
ALTER TABLE stock_ledger ADD COLUMN released_at DATETIME(3) NULL;
CREATE INDEX stock_ledger_live ON stock_ledger (activity_id, released_at);

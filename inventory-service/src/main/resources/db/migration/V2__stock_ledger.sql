-- The deduction ledger: one row per reserved order, written by the seckill.reserved consumer in the same transaction
-- as the decrement of activity.remaining, so that a redelivered reservation is recorded, and deducted, once.
-- Order ids are case-sensitive (binary collation); instants as UTC wall-clock DATETIME(3), like V1.
CREATE TABLE stock_ledger (
    order_id    VARCHAR(64)  COLLATE utf8mb4_bin NOT NULL,
    activity_id VARCHAR(64)  NOT NULL,
    user_id     VARCHAR(200) NOT NULL,
    -- Units deducted for the order; one per seckill reservation.
    quantity    INT          NOT NULL,
    reserved_at DATETIME(3)  NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (order_id),
    KEY stock_ledger_activity (activity_id),
    CONSTRAINT stock_ledger_quantity_positive CHECK (quantity >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Payments: at most one per order (the unique key is what keeps concurrent requests to one charge).
-- Money in integer cents; instants as UTC wall-clock DATETIME(3) (written and read as UTC by the service).
-- Ids are case-sensitive (binary collation).
CREATE TABLE payment (
    id               VARCHAR(32)  COLLATE utf8mb4_bin NOT NULL,
    order_id         VARCHAR(64)  COLLATE utf8mb4_bin NOT NULL,
    user_id          VARCHAR(200) NOT NULL,
    amount_cents     BIGINT       NOT NULL,
    -- PENDING → SUCCEEDED → REFUNDED, each step a guarded update.
    status           VARCHAR(16)  NOT NULL,
    -- The provider's reference of the charge, once confirmed.
    charge_reference VARCHAR(64)  NULL,
    -- While PENDING: the request that may charge it, and until when (a holder that died is replaced after that).
    claim_token      VARCHAR(32)  COLLATE utf8mb4_bin NULL,
    claimed_until    DATETIME(3)  NULL,
    created_at       DATETIME(3)  NOT NULL,
    paid_at          DATETIME(3)  NULL,
    refunded_at      DATETIME(3)  NULL,
    PRIMARY KEY (id),
    UNIQUE KEY payment_order (order_id),
    CONSTRAINT payment_amount_not_negative CHECK (amount_cents >= 0),
    CONSTRAINT payment_status_known CHECK (status IN ('PENDING', 'SUCCEEDED', 'REFUNDED')),
    CONSTRAINT payment_paid_when_confirmed CHECK ((status = 'PENDING') = (paid_at IS NULL)),
    CONSTRAINT payment_refunded_when_refunded CHECK ((status = 'REFUNDED') = (refunded_at IS NOT NULL))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

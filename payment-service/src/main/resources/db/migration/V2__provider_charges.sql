-- The simulated payment provider's own books: it stands for the external provider, so it is written in its own
-- transactions, never in the service's. One row per booked charge or refund; the key makes a repeated idempotency
-- key book nothing, and order_id lets tests and the invariant checks prove "charged exactly once".
CREATE TABLE provider_charge (
    -- CHARGE or REFUND.
    kind            VARCHAR(8)   NOT NULL,
    idempotency_key VARCHAR(64)  COLLATE utf8mb4_bin NOT NULL,
    -- The provider's id of the booking.
    reference       VARCHAR(32)  NOT NULL,
    order_id        VARCHAR(64)  COLLATE utf8mb4_bin NOT NULL,
    amount_cents    BIGINT       NOT NULL,
    booked_at       DATETIME(3)  NOT NULL,
    PRIMARY KEY (kind, idempotency_key),
    KEY provider_charge_order (order_id),
    CONSTRAINT provider_charge_kind_known CHECK (kind IN ('CHARGE', 'REFUND')),
    CONSTRAINT provider_charge_amount_not_negative CHECK (amount_cents >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

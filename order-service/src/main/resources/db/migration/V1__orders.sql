-- Orders: one row per seckill reservation, created by the seckill.reserved consumer.
-- Ids are case-sensitive (binary collation): an owner check must never match "Alice" to "alice".
-- Money in integer cents; instants as UTC wall-clock DATETIME(3) (written and read as UTC by the service).
CREATE TABLE orders (
    order_id           VARCHAR(64)  COLLATE utf8mb4_bin NOT NULL,
    activity_id        VARCHAR(64)  COLLATE utf8mb4_bin NOT NULL,
    user_id            VARCHAR(200) COLLATE utf8mb4_bin NOT NULL,
    amount_cents       BIGINT       NOT NULL,
    -- PENDING_PAYMENT, then PAID or CANCELLED for good; every change is guarded by status and version.
    status             VARCHAR(20)  NOT NULL,
    version            INT          NOT NULL,
    created_at         DATETIME(3)  NOT NULL,
    paid_at            DATETIME(3)  NULL,
    cancelled_at       DATETIME(3)  NULL,
    payment_id         VARCHAR(64)  COLLATE utf8mb4_bin NULL,
    -- The mq message id of the half message whose local transaction inserted the row (its order.payment-timeout):
    -- check-back commits that message and no other, so a retried creation never announces two deadlines.
    timeout_message_id VARCHAR(200) COLLATE utf8mb4_bin NOT NULL,
    -- Likewise the half message (order.cancelled) whose local transaction cancelled the order.
    cancel_message_id  VARCHAR(200) COLLATE utf8mb4_bin NULL,
    PRIMARY KEY (order_id),
    -- GET /api/orders: the caller's orders, newest first.
    KEY orders_owner (user_id, created_at, order_id),
    -- The per-activity summary: counts by status and buyer, read from the index alone.
    KEY orders_activity (activity_id, status, user_id),
    CONSTRAINT orders_status_known CHECK (status IN ('PENDING_PAYMENT', 'PAID', 'CANCELLED')),
    CONSTRAINT orders_amount_not_negative CHECK (amount_cents >= 0),
    CONSTRAINT orders_version_not_negative CHECK (version >= 0),
    CONSTRAINT orders_paid_has_payment CHECK ((status = 'PAID') = (paid_at IS NOT NULL AND payment_id IS NOT NULL)),
    CONSTRAINT orders_cancelled_has_time CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

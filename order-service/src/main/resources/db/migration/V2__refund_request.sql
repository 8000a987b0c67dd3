-- Refund requests: one row per payment that arrived for an order it could not pay (cancelled, or paid by another
-- payment). Inserted as the local transaction of the payment.refund-requested half message; the primary key on the
-- payment makes the request, and so the message, happen once however often the payment is delivered.
CREATE TABLE refund_request (
    payment_id   VARCHAR(64)  COLLATE utf8mb4_bin NOT NULL,
    order_id     VARCHAR(64)  COLLATE utf8mb4_bin NOT NULL,
    amount_cents BIGINT       NOT NULL,
    requested_at DATETIME(3)  NOT NULL,
    -- The mq message id of the half message that inserted the row: check-back commits that message only.
    message_id   VARCHAR(200) COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (payment_id),
    KEY refund_request_order (order_id),
    CONSTRAINT refund_request_amount_not_negative CHECK (amount_cents >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

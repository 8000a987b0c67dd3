-- Activities: MySQL is the record; Redis holds the hot stock while a sale runs.
-- Money in integer cents; instants as UTC wall-clock DATETIME(3) (written and read as UTC by the service).
CREATE TABLE activity (
    id             VARCHAR(32)  NOT NULL,
    title          VARCHAR(200) NOT NULL,
    sku_id         VARCHAR(200) NOT NULL,
    price_cents    BIGINT       NOT NULL,
    stock          BIGINT       NOT NULL,
    -- Units not yet deducted; equals stock at creation, goes down as the ledger records reservations.
    remaining      BIGINT       NOT NULL,
    starts_at      DATETIME(3)  NOT NULL,
    ends_at        DATETIME(3)  NOT NULL,
    per_user_limit INT          NOT NULL,
    created_at     DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY activity_starts_at (starts_at),
    CONSTRAINT activity_price_not_negative CHECK (price_cents >= 0),
    CONSTRAINT activity_stock_positive CHECK (stock >= 1),
    CONSTRAINT activity_remaining_in_stock CHECK (remaining >= 0 AND remaining <= stock),
    CONSTRAINT activity_window CHECK (starts_at < ends_at),
    CONSTRAINT activity_per_user_limit_positive CHECK (per_user_limit >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

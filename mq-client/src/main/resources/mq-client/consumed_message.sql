-- Marker table of mq-client's idempotent consumers (io.seckill.mq.client.consumer): one row per message that a
-- consumer group has processed, inserted in the same transaction as the processing, so a redelivered message
-- finds its row and is skipped. Copy this file into a service's Flyway migrations; ConsumedMessageTable reads it.
-- InnoDB because the marker must commit or roll back with the business writes; a binary collation because
-- message ids and group names are case-sensitive (Kafka topics "Orders" and "orders" are different topics).
CREATE TABLE IF NOT EXISTS consumed_message (
    consumer_group VARCHAR(200) NOT NULL,
    message_id     VARCHAR(200) NOT NULL,
    consumed_at    TIMESTAMP(3) NOT NULL,
    PRIMARY KEY (consumer_group, message_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

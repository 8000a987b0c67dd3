#!/bin/sh
# Runs once, on the first start of an empty MySQL data directory (the image's /docker-entrypoint-initdb.d; in k8s
# the same file comes from a ConfigMap: k8s/base/mysql/10-seckill-schemas.sh must stay identical, a test checks it).
# One schema and one user per service, each user limited to its own schema: what Flyway's migrations and MyBatis
# need (DDL and DML), nothing on the other schemas or server-wide. The passwords come from the environment (.env in
# compose, the Secret in k8s); use hex or URL-safe values (openssl rand -hex 24), they are spliced into SQL quotes.
set -eu

: "${MYSQL_ROOT_PASSWORD:?}" "${INVENTORY_DB_PASSWORD:?}" "${ORDER_DB_PASSWORD:?}" "${PAYMENT_DB_PASSWORD:?}"

MYSQL_PWD="${MYSQL_ROOT_PASSWORD}" mysql --protocol=socket -uroot <<SQL
CREATE DATABASE IF NOT EXISTS inventory CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE DATABASE IF NOT EXISTS orders CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE DATABASE IF NOT EXISTS payments CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;

CREATE USER IF NOT EXISTS 'inventory_svc'@'%' IDENTIFIED BY '${INVENTORY_DB_PASSWORD}';
CREATE USER IF NOT EXISTS 'order_svc'@'%' IDENTIFIED BY '${ORDER_DB_PASSWORD}';
CREATE USER IF NOT EXISTS 'payment_svc'@'%' IDENTIFIED BY '${PAYMENT_DB_PASSWORD}';

GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON inventory.* TO 'inventory_svc'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON orders.* TO 'order_svc'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON payments.* TO 'payment_svc'@'%';
SQL

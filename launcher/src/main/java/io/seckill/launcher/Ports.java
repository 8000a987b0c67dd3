package io.seckill.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TCP ports of one platform (API.md "Ports"). With a base, the eight ports are consecutive from it in the order
 * of the components, so that a test can run a whole platform beside a running one.
 */
public record Ports(int gateway, int inventory, int order, int payment, int broker, int brokerAdmin, int mysql,
                    int redis) {

    /** API.md's defaults. */
    public static final Ports DEFAULTS = new Ports(8080, 8081, 8082, 8083, 9092, 9644, 3306, 6379);

    /** Eight consecutive ports from {@code base}: gateway, inventory, order, payment, broker, broker admin, MySQL, Redis. */
    public static Ports fromBase(int base) {
        return new Ports(base, base + 1, base + 2, base + 3, base + 4, base + 5, base + 6, base + 7);
    }

    /** Each port with what listens on it, in start order reversed (the public entry first), for messages. */
    public Map<Integer, String> byPort(boolean embeddedMysql, boolean embeddedRedis) {
        Map<Integer, String> owners = new LinkedHashMap<>();
        owners.put(gateway, "gateway (--gateway-port, SECKILL_GATEWAY_PORT)");
        owners.put(inventory, "inventory-service (--inventory-port, SECKILL_INVENTORY_PORT)");
        owners.put(order, "order-service (--order-port, SECKILL_ORDER_PORT)");
        owners.put(payment, "payment-service (--payment-port, SECKILL_PAYMENT_PORT)");
        owners.put(broker, "mq-broker (--broker-port, SECKILL_BROKER_PORT)");
        owners.put(brokerAdmin, "mq-broker admin (--broker-admin-port, SECKILL_BROKER_ADMIN_PORT)");
        if (embeddedMysql) {
            owners.put(mysql, "MariaDB (--mysql-port, SECKILL_MYSQL_PORT)");
        }
        if (embeddedRedis) {
            owners.put(redis, "Redis (--redis-port, SECKILL_REDIS_PORT)");
        }
        return owners;
    }
}

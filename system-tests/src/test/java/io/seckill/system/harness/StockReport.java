package io.seckill.system.harness;

/**
 * inventory-service's {@code GET /api/admin/activities/{id}/stock}: MySQL's and Redis's view of one activity.
 *
 * @param redisRemaining null while the activity is not warm in Redis
 */
public record StockReport(long initialStock, long mysqlRemaining, Long redisRemaining, long liveReservations) {
}

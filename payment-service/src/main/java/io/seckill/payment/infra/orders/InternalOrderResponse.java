package io.seckill.payment.infra.orders;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.seckill.payment.domain.OrderSnapshot;
import io.seckill.payment.domain.OrderStatus;

/**
 * The body of order-service's {@code GET /internal/orders/{orderId}} (the members payment-service reads; the others,
 * e.g. {@code createdAt}, {@code paidAt}, {@code cancelledAt}, are ignored, as are members added later).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record InternalOrderResponse(String orderId, String activityId, String userId, String status, Long amountCents) {

    /** The order, or an exception if order-service answered something this service cannot use. */
    OrderSnapshot toSnapshot(String requestedOrderId) {
        if (!requestedOrderId.equals(orderId) || userId == null || status == null || amountCents == null) {
            throw malformed("incomplete or for another order");
        }
        try {
            return new OrderSnapshot(orderId, activityId, userId, OrderStatus.valueOf(status), amountCents);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    private OrderServiceUnavailableException malformed(String why) {
        return new OrderServiceUnavailableException("order-service answered an unusable order for " + orderId
                + ": " + why, false, null);
    }
}

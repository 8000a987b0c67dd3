package io.seckill.payment.domain;

import java.util.Optional;

/** Reads orders from order-service, the record of orders. Implementations are thread-safe. */
public interface OrderDirectory {

    /**
     * The order as order-service knows it now.
     *
     * @return empty if order-service says it does not exist (404)
     * @throws io.seckill.common.error.ServiceException {@code BUSY} when order-service is down, slow, failing or its
     *                                                  circuit is open
     */
    Optional<OrderSnapshot> find(String orderId);
}

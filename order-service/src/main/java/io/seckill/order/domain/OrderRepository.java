package io.seckill.order.domain;

import java.util.List;
import java.util.Optional;

/** Reads of the stored orders (MySQL); writes go through {@link OrderTransitions}. Implementations are thread-safe. */
public interface OrderRepository {

    /** The order, as last committed. */
    Optional<Order> findById(String orderId);

    /** The user's orders, newest first, at most {@code limit}. */
    List<Order> findByOwner(String userId, int limit);

    /** The activity's orders counted (zeros when it has none). */
    OrderSummary summarize(String activityId);
}

package io.seckill.order.infra.mysql;

import io.seckill.order.domain.Order;
import io.seckill.order.domain.OrderRepository;
import io.seckill.order.domain.OrderSummary;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link OrderRepository} over the MyBatis {@link OrderMapper}. Thread-safe (the mapper proxy is). */
public final class MyBatisOrderRepository implements OrderRepository {

    private final OrderMapper mapper;

    public MyBatisOrderRepository(OrderMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public Optional<Order> findById(String orderId) {
        return Optional.ofNullable(mapper.findById(orderId));
    }

    @Override
    public List<Order> findByOwner(String userId, int limit) {
        return mapper.findByOwner(userId, limit);
    }

    @Override
    public OrderSummary summarize(String activityId) {
        return mapper.summarize(activityId);
    }
}

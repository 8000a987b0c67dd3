package io.seckill.order.api;

import io.seckill.order.domain.OrderQueries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads for other services (payment-service checks an order before charging it): any order, for holders of the
 * internal credential; no user needed.
 */
@RestController
public class InternalOrderController {

    private final OrderQueries queries;

    public InternalOrderController(OrderQueries queries) {
        this.queries = queries;
    }

    /** 200 with the order; 404 if it does not exist (yet). */
    @GetMapping("/internal/orders/{orderId}")
    public OrderResponse read(@PathVariable String orderId) {
        return OrderResponse.of(queries.byId(RequestParameters.id("orderId", orderId)));
    }
}

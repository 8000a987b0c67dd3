package io.seckill.order.api;

import io.seckill.order.domain.OrderQueries;
import io.seckill.order.domain.OrderSummary;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Orders as users and admins read them (API.md). Gateway trust, and the ADMIN role on {@code /api/admin/**}, are
 * checked before these run.
 */
@RestController
public class OrderController {

    /** The most orders one page of {@code GET /api/orders} returns. */
    static final int MAX_PAGE_SIZE = 100;

    private final OrderQueries queries;

    public OrderController(OrderQueries queries) {
        this.queries = queries;
    }

    /** 200 with the caller's order; 404 if it does not exist (yet: poll after the seckill) or is someone else's. */
    @GetMapping("/api/orders/{orderId}")
    public OrderResponse read(@PathVariable String orderId, HttpServletRequest request) {
        String userId = RequestParameters.userId(request);
        return OrderResponse.of(queries.ownedBy(RequestParameters.id("orderId", orderId), userId));
    }

    /** 200 with the caller's newest orders, newest first, at most {@code limit} (1-100, default 20). */
    @GetMapping("/api/orders")
    public List<OrderResponse> list(@RequestParam(defaultValue = "20") int limit, HttpServletRequest request) {
        String userId = RequestParameters.userId(request);
        return queries.ofOwner(userId, RequestParameters.pageSize("limit", limit, MAX_PAGE_SIZE)).stream()
                .map(OrderResponse::of).toList();
    }

    /**
     * 200 with the activity's orders counted; buyers count orders that are not cancelled. This service knows orders,
     * not activities: an unknown activity (or one without orders yet) is all zeros, not 404.
     */
    @GetMapping("/api/admin/activities/{activityId}/orders/summary")
    public SummaryResponse summary(@PathVariable String activityId) {
        return SummaryResponse.of(queries.summary(RequestParameters.id("activityId", activityId)));
    }

    /** The orders of an activity counted, for the load test's consistency check (API.md). */
    public record SummaryResponse(long pendingPayment, long paid, long cancelled, long distinctBuyers,
                                  long maxPerBuyer) {
        static SummaryResponse of(OrderSummary summary) {
            return new SummaryResponse(summary.pendingPayment(), summary.paid(), summary.cancelled(),
                    summary.distinctBuyers(), summary.maxPerBuyer());
        }
    }
}

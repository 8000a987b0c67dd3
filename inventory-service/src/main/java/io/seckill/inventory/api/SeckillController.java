package io.seckill.inventory.api;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import io.seckill.common.web.Caller;
import io.seckill.common.web.GatewayTrustInterceptor;
import io.seckill.inventory.domain.SeckillEntry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The seckill entry point (API.md): a user's attempt to reserve one unit. Gateway trust is checked before. */
@RestController
public class SeckillController {

    private final SeckillEntry seckill;

    public SeckillController(SeckillEntry seckill) {
        this.seckill = seckill;
    }

    /**
     * 202 with the order id once the unit is reserved and {@code seckill.reserved} committed; the order itself is
     * created asynchronously. 409 {@code SOLD_OUT}/{@code ALREADY_PURCHASED}/{@code NOT_STARTED}/{@code ENDED};
     * 404; 401 without a user; 503 {@code BUSY}.
     */
    @PostMapping("/api/seckill/{activityId}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public SeckillResponse seckill(@PathVariable String activityId, HttpServletRequest request) {
        Caller caller = (Caller) request.getAttribute(GatewayTrustInterceptor.CALLER_ATTRIBUTE);
        String userId = caller.userId().orElseThrow(
                () -> new ServiceException(ErrorCode.UNAUTHORIZED, "a seckill needs an authenticated user"));
        return new SeckillResponse(seckill.attempt(activityId, userId), "RESERVED");
    }

    /** The accepted attempt: the order to poll for, and {@code status} RESERVED. */
    public record SeckillResponse(String orderId, String status) {
    }
}

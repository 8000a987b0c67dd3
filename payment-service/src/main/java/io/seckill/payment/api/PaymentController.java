package io.seckill.payment.api;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import io.seckill.common.web.Caller;
import io.seckill.common.web.GatewayTrustInterceptor;
import io.seckill.payment.domain.Payment;
import io.seckill.payment.domain.PaymentCheckout;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.regex.Pattern;

/** Paying an order (API.md): the order's owner pays it once; a repeat answers the same payment. */
@RestController
public class PaymentController {

    /** Order ids are ids of this platform: short, printable, safe in a URL path segment. */
    static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final PaymentCheckout checkout;

    public PaymentController(PaymentCheckout checkout) {
        this.checkout = checkout;
    }

    /**
     * 200 with the succeeded payment (the same one on every repeat); 404 (no such order, or another user's); 409
     * {@code ORDER_NOT_PAYABLE} (cancelled); 400 naming {@code orderId}; 401 without a user; 503 {@code BUSY}
     * (order-service or the provider unavailable, or the same order being paid by another request: retry).
     */
    @PostMapping("/api/payments")
    public PaymentResponse pay(@RequestBody(required = false) PayRequest body, HttpServletRequest request) {
        Caller caller = (Caller) request.getAttribute(GatewayTrustInterceptor.CALLER_ATTRIBUTE);
        String userId = caller.userId().orElseThrow(
                () -> new ServiceException(ErrorCode.UNAUTHORIZED, "a payment needs an authenticated user"));
        return PaymentResponse.of(checkout.pay(requireOrderId(body == null ? null : body.orderId()), userId));
    }

    /** The valid order id, or 400 naming the field. */
    static String requireOrderId(String orderId) {
        if (orderId == null || orderId.isBlank()) {
            throw ServiceException.invalidField("orderId", "orderId is required");
        }
        if (!ORDER_ID.matcher(orderId).matches()) {
            throw ServiceException.invalidField("orderId",
                    "orderId must be 1 to 64 letters, digits or . _ : -");
        }
        return orderId;
    }

    /** The body of {@code POST /api/payments}. */
    public record PayRequest(String orderId) {
    }

    /** A payment as its payer sees it; {@code status} is SUCCEEDED. */
    public record PaymentResponse(String paymentId, String orderId, String status, long amountCents) {
        static PaymentResponse of(Payment payment) {
            return new PaymentResponse(payment.id(), payment.orderId(), payment.status().name(),
                    payment.amountCents());
        }
    }
}

package io.seckill.system.harness;

/**
 * The outcome of one {@code POST /api/payments} as the client saw it.
 *
 * @param orderId   the order the caller tried to pay
 * @param status    the HTTP status (200 charged or repeated; 409 {@code ORDER_NOT_PAYABLE}; …)
 * @param paymentId the payment on 200, else null
 * @param code      the problem's code on an error, else null
 */
public record Payment(String orderId, int status, String paymentId, String code) {

    public boolean succeeded() {
        return status == 200 && paymentId != null;
    }
}

package io.seckill.system.harness;

/**
 * The outcome of one {@code POST /api/seckill/{id}} as the client saw it.
 *
 * @param userId  who tried
 * @param status  the HTTP status, or {@link #NO_RESPONSE} when the connection failed (the service was down or
 *                died mid-request: the reservation may or may not have been made)
 * @param orderId the reserved order on 202, else null
 * @param code    the problem's code on an error, else null
 */
public record Attempt(String userId, int status, String orderId, String code) {

    public static final int NO_RESPONSE = -1;

    public boolean accepted() {
        return status == 202;
    }

    public boolean refusedWith(String expectedCode) {
        return status == 409 && expectedCode.equals(code);
    }
}

package io.seckill.common.error;

/**
 * The stable, machine-readable {@code code} member of every problem+json answer, each with its HTTP status.
 *
 * <p>Clients switch on these names, so a name is never changed or reused; new codes are added at the end.
 */
public enum ErrorCode {
    /** Malformed body or parameters; the problem names the field. */
    BAD_REQUEST(400, "Bad request"),
    /** No gateway credential (or no valid token at the gateway). */
    UNAUTHORIZED(401, "Unauthorized"),
    /** Authenticated, but the role does not allow the operation. */
    FORBIDDEN(403, "Forbidden"),
    /** The resource does not exist (or is not the caller's). */
    NOT_FOUND(404, "Not found"),
    /** The HTTP method is not supported on the path. */
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    /** No representation the client accepts. */
    NOT_ACCEPTABLE(406, "Not acceptable"),
    /** The sale is open but no unit is left. */
    SOLD_OUT(409, "Sold out"),
    /** The user already holds the per-user limit of this activity. */
    ALREADY_PURCHASED(409, "Already purchased"),
    /** The sale window has not opened yet. */
    NOT_STARTED(409, "Not started"),
    /** The sale window has closed. */
    ENDED(409, "Ended"),
    /** The order cannot be paid (cancelled). */
    ORDER_NOT_PAYABLE(409, "Order not payable"),
    /** The request body has a media type the endpoint does not read. */
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    /** Too many requests for the caller or the activity. */
    RATE_LIMITED(429, "Too many requests"),
    /** An unexpected failure inside the service. */
    INTERNAL_ERROR(500, "Internal error"),
    /** A dependency is unavailable or a circuit is open; retry later. */
    BUSY(503, "Service busy");

    private final int httpStatus;
    private final String title;

    ErrorCode(int httpStatus, String title) {
        this.httpStatus = httpStatus;
        this.title = title;
    }

    /** The HTTP status every answer with this code carries. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The problem's short, human-readable {@code title}, the same for every occurrence of the code. */
    public String title() {
        return title;
    }

    /**
     * The code for a status raised by the framework rather than by a {@link ServiceException}: the first code
     * with that status, else {@link #BAD_REQUEST} for other 4xx and {@link #INTERNAL_ERROR} for anything else.
     */
    public static ErrorCode forStatus(int httpStatus) {
        for (ErrorCode code : values()) {
            if (code.httpStatus == httpStatus) {
                return code;
            }
        }
        return httpStatus >= 400 && httpStatus < 500 ? BAD_REQUEST : INTERNAL_ERROR;
    }
}

package io.seckill.common.error;

import java.util.Objects;
import java.util.Optional;

/**
 * A failure with a known {@link ErrorCode}: thrown anywhere in a service and turned into problem+json in one place
 * (the web layer's problem mapper). The detail is shown to clients, so it never carries internals.
 */
public class ServiceException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    /** A failure with a client-facing {@code detail}. */
    public ServiceException(ErrorCode code, String detail) {
        this(code, null, detail);
    }

    private ServiceException(ErrorCode code, String field, String detail) {
        super(Objects.requireNonNull(detail, "detail"));
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
    }

    /** A {@link ErrorCode#BAD_REQUEST} that names the offending request field (API.md: "naming the field"). */
    public static ServiceException invalidField(String field, String detail) {
        return new ServiceException(ErrorCode.BAD_REQUEST, Objects.requireNonNull(field, "field"), detail);
    }

    /** A {@link ErrorCode#NOT_FOUND} for the named kind of resource and its id. */
    public static ServiceException notFound(String what, String id) {
        return new ServiceException(ErrorCode.NOT_FOUND, what + " " + id + " does not exist");
    }

    /** The code clients see. */
    public ErrorCode code() {
        return code;
    }

    /** The request field at fault, for bad requests that name one. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** The client-facing explanation (the problem's {@code detail}). */
    public String detail() {
        return getMessage();
    }
}

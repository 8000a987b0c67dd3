package io.seckill.common.web;

import io.seckill.common.error.ErrorCode;
import io.seckill.common.error.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

import java.net.URI;
import java.util.stream.Collectors;

/**
 * The one place that turns exceptions into RFC 9457 {@code application/problem+json}: every answer has
 * {@code title}, {@code status}, {@code detail}, {@code instance} and the stable {@code code} member, and bad
 * requests that can name their field carry {@code field}.
 *
 * <p>{@link ServiceException}s carry their own code; Spring MVC's own failures (unreadable body, unknown path, wrong
 * method, …) get the code of their status; anything else is a 500 {@code INTERNAL_ERROR} whose detail hides the
 * cause (logged instead). Register it as a bean in a servlet service.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    /** A service's own failure, with its code and, for bad requests, its field. */
    @ExceptionHandler(ServiceException.class)
    public ResponseEntity<Object> serviceException(ServiceException e, WebRequest request) {
        ProblemDetail problem = problem(e.code(), e.detail(), request);
        e.field().ifPresent(field -> problem.setProperty("field", field));
        return respond(problem);
    }

    /** A path or query parameter of the wrong type, e.g. text where a number is expected. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<Object> parameterMismatch(MethodArgumentTypeMismatchException e, WebRequest request) {
        ProblemDetail problem = problem(ErrorCode.BAD_REQUEST, "parameter " + e.getName() + " is malformed", request);
        problem.setProperty("field", e.getName());
        return respond(problem);
    }

    /** Anything unexpected: logged with its stack, answered without internals. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        log.error("unexpected failure of {}", describe(request), e);
        return respond(problem(ErrorCode.INTERNAL_ERROR, "an unexpected error occurred", request));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = unreadableField(e);
        String detail = field.isEmpty() ? "the request body is not valid JSON" : "field " + field + " is malformed";
        ProblemDetail problem = problem(ErrorCode.BAD_REQUEST, detail, request);
        if (!field.isEmpty()) {
            problem.setProperty("field", field);
        }
        return respond(problem);
    }

    /** Every other Spring MVC failure: keep Spring's status and detail, add our code, title and instance. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ErrorCode code = ErrorCode.forStatus(status.value());
        String detail = body instanceof ProblemDetail spring && spring.getDetail() != null
                ? spring.getDetail() : code.title();
        ProblemDetail problem = problem(code, detail, request);
        problem.setStatus(status.value());
        HttpHeaders merged = new HttpHeaders();
        if (headers != null) {
            merged.putAll(headers);
        }
        merged.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(status).headers(merged).body(problem);
    }

    private static ProblemDetail problem(ErrorCode code, String detail, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.httpStatus()), detail);
        problem.setTitle(code.title());
        problem.setProperty("code", code.name());
        if (request instanceof ServletWebRequest servlet) {
            problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
        }
        return problem;
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** The JSON path of the value Jackson could not read ({@code startsAt}, {@code items[2].id}), or empty. */
    private static String unreadableField(HttpMessageNotReadableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
                return databind.getPath().stream()
                        .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[");
            }
        }
        return "";
    }

    private static String describe(WebRequest request) {
        return request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI()
                : request.getDescription(false);
    }
}

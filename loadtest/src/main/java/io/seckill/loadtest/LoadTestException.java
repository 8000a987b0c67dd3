package io.seckill.loadtest;

/** A failure that stops the run before its verdict (platform unreachable, no admin key, setup refused). */
public final class LoadTestException extends RuntimeException {

    public LoadTestException(String message) {
        super(message);
    }

    public LoadTestException(String message, Throwable cause) {
        super(message, cause);
    }
}

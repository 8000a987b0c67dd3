package io.seckill.mq.broker.cli;

/** A failure whose message is already the one line the operator should read (exit code 1). */
final class CliException extends RuntimeException {

    CliException(String message) {
        super(message, null, false, false);
    }
}

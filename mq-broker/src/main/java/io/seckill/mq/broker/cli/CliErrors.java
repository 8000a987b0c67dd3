package io.seckill.mq.broker.cli;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TimeoutException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The single place that turns a failure into the one line an operator reads on stderr. */
final class CliErrors {

    private CliErrors() {
    }

    /** One line (no "mq:" prefix) describing {@code failure} of a command run against {@code bootstrapServers}. */
    static String describe(Throwable failure, String bootstrapServers) {
        Throwable cause = unwrap(failure);
        if (cause instanceof CliException) {
            return cause.getMessage();
        }
        if (cause instanceof TimeoutException) {
            return "no answer from the broker at " + bootstrapServers + " in time (is it running?): "
                    + messageOf(cause);
        }
        if (cause instanceof ApiException || cause instanceof KafkaException) {
            return messageOf(cause);
        }
        return "unexpected error: " + cause;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException
                || isBareWrapper(cause)) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** kafka-clients wraps causes in a plain KafkaException, e.g. "Failed to construct kafka consumer". */
    private static boolean isBareWrapper(Throwable failure) {
        return failure.getClass() == KafkaException.class && failure.getCause() != null;
    }

    private static String messageOf(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.strip();
    }
}

package io.seckill.mq.broker.cli;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class CliErrorsTest {

    @Test
    void aTimeoutNamesTheBrokerThatDidNotAnswer() {
        String line = CliErrors.describe(new ExecutionException(new TimeoutException("Timed out waiting for a node")),
                "broker-1:9092");

        assertThat(line).startsWith("no answer from the broker at broker-1:9092").contains("Timed out waiting");
    }

    @Test
    void wrappedKafkaErrorsAreReportedByTheirOwnMessage() {
        Throwable failure = new ExecutionException(
                new KafkaException("Failed to construct kafka consumer", new InvalidConfigurationException("bad key x")));

        assertThat(CliErrors.describe(failure, "b:1")).isEqualTo("bad key x");
    }

    @Test
    void cliFailuresAreAlreadyTheLineToPrint() {
        assertThat(CliErrors.describe(new CliException("topic 'x' does not exist"), "b:1"))
                .isEqualTo("topic 'x' does not exist");
    }

    @Test
    void anythingElseIsAnUnexpectedErrorWithItsType() {
        assertThat(CliErrors.describe(new IllegalStateException("boom"), "b:1"))
                .isEqualTo("unexpected error: java.lang.IllegalStateException: boom");
    }
}

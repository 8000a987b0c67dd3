package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumeCommandTest {

    @Test
    void aRecordPrintsAsPartitionOffsetKeyValue() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("t", 2, 41L,
                "k".getBytes(StandardCharsets.UTF_8), "hello world".getBytes(StandardCharsets.UTF_8));

        assertThat(ConsumeCommand.line(record)).isEqualTo("2 41 k hello world");
    }

    @Test
    void aMissingKeyOrValuePrintsAsNull() {
        assertThat(ConsumeCommand.line(new ConsumerRecord<>("t", 0, 7L, null, null))).isEqualTo("0 7 null null");
    }
}

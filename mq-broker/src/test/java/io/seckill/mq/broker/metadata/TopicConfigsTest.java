package io.seckill.mq.broker.metadata;

import io.seckill.mq.broker.config.BrokerConfig;
import io.seckill.mq.broker.log.FlushPolicy;
import io.seckill.mq.broker.log.LogConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicConfigsTest {

    private final TopicConfigs configs = new TopicConfigs(BrokerConfig.defaults());

    @Test
    void overridesWinAndEverythingElseTakesTheBrokerDefault() {
        LogConfig log = configs.logConfig(Map.of("retention.ms", "1000", "message.timestamp.type", "LogAppendTime",
                "flush.policy", "async"));
        assertThat(log.retentionMs()).isEqualTo(1000);
        assertThat(log.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(log.flushPolicy()).isEqualTo(FlushPolicy.ASYNC);
        assertThat(log.segmentBytes()).isEqualTo(BrokerConfig.defaults().segmentBytes());
        assertThat(configs.effective(Map.of())).containsKeys("cleanup.policy", "retention.bytes", "max.message.bytes");
    }

    @Test
    void unsupportedKeysAndInvalidValuesAreRejected() {
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("cleanup.policy", "compact")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("compaction");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("remote.storage.enable", "true")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("retention.ms", "soon")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThat(TopicConfigs.validate(Map.of("retention.ms", "-1", "min.insync.replicas", "1"))).hasSize(2);
    }
}

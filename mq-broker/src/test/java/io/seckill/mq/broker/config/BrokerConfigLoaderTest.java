package io.seckill.mq.broker.config;

import io.seckill.mq.broker.log.FlushPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerConfigLoaderTest {

    @Test
    void defaultsMatchTheDocumentedPorts() {
        BrokerConfig config = BrokerConfig.defaults();
        assertThat(config.port()).isEqualTo(9092);
        assertThat(config.adminPort()).isEqualTo(9644);
        assertThat(config.flushPolicy()).isEqualTo(FlushPolicy.SYNC);
        assertThat(config.autoCreateTopics()).isTrue();
    }

    @Test
    void commandLineBeatsEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "port=1000\nadmin.port=1001\nnum.partitions=3\nflush=async\n");
        BrokerConfig config = BrokerConfigLoader.load(file,
                Map.of("MQ_BROKER_PORT", "2000", "MQ_BROKER_ADMIN_PORT", "2001", "UNRELATED", "x"),
                Map.of("port", "3000"));
        assertThat(config.port()).isEqualTo(3000);
        assertThat(config.adminPort()).isEqualTo(2001);
        assertThat(config.defaultPartitions()).isEqualTo(3);
        assertThat(config.flushPolicy()).isEqualTo(FlushPolicy.ASYNC);
    }

    @Test
    void unknownKeysAndBadValuesAreRejectedWithTheirName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "prot=1000\n");
        assertThatThrownBy(() -> BrokerConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("prot");
        assertThatThrownBy(() -> BrokerConfigLoader.load(null, Map.of(), Map.of("port", "abc")))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> BrokerConfigLoader.load(null, Map.of(), Map.of("flush", "sometimes")))
                .hasMessageContaining("sometimes");
        assertThatThrownBy(() -> BrokerConfigLoader.load(null, Map.of(), Map.of("port", "70000")))
                .hasMessageContaining("port");
    }

    @Test
    void everySettingHasAnEnvironmentVariable() {
        assertThat(BrokerSetting.DATA_DIR.envName()).isEqualTo("MQ_BROKER_DATA_DIR");
        assertThat(BrokerConfig.defaults().asSettings()).containsOnlyKeys(BrokerSetting.values());
    }
}

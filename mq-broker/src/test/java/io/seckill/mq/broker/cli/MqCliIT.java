package io.seckill.mq.broker.cli;

import io.seckill.mq.broker.testing.BrokerExtension;
import io.seckill.mq.broker.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.atIndex;

/** {@code mq} topics, produce and consume against the real in-process broker, output checked line by line. */
@ExtendWith(BrokerExtension.class)
@Timeout(120)
class MqCliIT {

    private static CliRun mq(String... args) {
        return mqWithInput("", args);
    }

    private static CliRun mqWithInput(String stdin, String... args) {
        String[] withBroker = new String[args.length + 2];
        System.arraycopy(args, 0, withBroker, 0, args.length);
        withBroker[args.length] = "--bootstrap-server";
        withBroker[args.length + 1] = BrokerExtension.bootstrapServers();
        return CliRun.run(ClientFactory.kafka(), stdin, withBroker);
    }

    private static CliRun succeeded(CliRun run) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    private static List<String> words(String line) {
        return List.of(line.trim().split("\\s+"));
    }

    @Test
    void topicsAreCreatedListedDescribedAndDeleted() {
        String topic = BrokerExtension.uniqueTopic("cli-topics");

        assertThat(succeeded(mq("topics", "create", topic, "--partitions", "3", "--config", "retention.ms=3600000")).out())
                .isEqualTo("Created topic " + topic + " with 3 partition(s).\n");

        List<String> listed = succeeded(mq("topics", "list")).out().lines().toList();
        assertThat(words(listed.getFirst())).containsExactly("TOPIC", "PARTITIONS", "TOPIC-ID");
        assertThat(listed).filteredOn(line -> line.startsWith(topic + " "))
                .singleElement().satisfies(line -> assertThat(words(line)).hasSize(3).contains("3", atIndex(1)));

        List<String> described = succeeded(mq("topics", "describe", topic)).out().lines().toList();
        assertThat(described.get(0)).isEqualTo("Topic:      " + topic);
        assertThat(described.get(1)).matches("Topic id:   \\S{22}");
        assertThat(described.get(2)).isEqualTo("Partitions: 3");
        assertThat(described.get(3)).isEqualTo("Configs:    retention.ms=3600000");
        assertThat(words(described.get(5)))
                .containsExactly("PARTITION", "LEADER", "REPLICAS", "ISR", "LOG-START-OFFSET", "LOG-END-OFFSET");
        assertThat(described.subList(6, 9)).extracting(MqCliIT::words).containsExactly(
                List.of("0", "0", "0", "0", "0", "0"), List.of("1", "0", "0", "0", "0", "0"),
                List.of("2", "0", "0", "0", "0", "0"));

        assertThat(succeeded(mq("topics", "delete", topic)).out()).isEqualTo("Deleted topic " + topic + ".\n");
        assertThat(succeeded(mq("topics", "list")).out()).doesNotContain(topic);
    }

    @Test
    void aTopicWithoutOverridesShowsThatAllSettingsAreDefaults() {
        String topic = BrokerExtension.uniqueTopic("cli-defaults");
        succeeded(mq("topics", "create", topic));

        assertThat(succeeded(mq("topics", "describe", topic)).out())
                .contains("Partitions: 1\n").contains("Configs:    none (all defaults)\n");
    }

    @Test
    void producedRecordsComeBackAsPartitionOffsetKeyValueLines() {
        String topic = BrokerExtension.uniqueTopic("cli-roundtrip");
        succeeded(mq("topics", "create", topic, "--partitions", "1"));

        assertThat(succeeded(mq("produce", topic, "--key", "k", "v1", "v2 with spaces")).out())
                .isEqualTo("Produced 2 record(s) to " + topic + ".\n");
        assertThat(succeeded(mqWithInput("from stdin\nsecond line\n", "produce", topic)).out())
                .isEqualTo("Produced 2 record(s) to " + topic + ".\n");

        CliRun consumed = succeeded(mq("consume", topic, "--from-beginning", "--max", "4", "--timeout-ms", "10000"));
        assertThat(consumed.out()).isEqualTo("""
                0 0 k v1
                0 1 k v2 with spaces
                0 2 null from stdin
                0 3 null second line
                """);
        assertThat(consumed.err()).isEqualTo("Consumed 4 record(s).\n");
        assertThat(succeeded(mq("topics", "describe", topic)).out().lines().toList().getLast())
                .satisfies(line -> assertThat(words(line)).containsExactly("0", "0", "0", "0", "0", "4"));
    }

    @Test
    void consumingReadsEveryPartitionAndWithoutFromBeginningOnlyNewRecords() {
        String topic = BrokerExtension.uniqueTopic("cli-partitions");
        succeeded(mq("topics", "create", topic, "--partitions", "3"));
        for (String key : List.of("a", "b", "c", "d", "e", "f")) {
            succeeded(mq("produce", topic, "--key", key, "value-" + key));
        }

        List<String> all = succeeded(mq("consume", topic, "--from-beginning", "--timeout-ms", "2000")).out()
                .lines().toList();
        CliRun onlyNew = succeeded(mq("consume", topic, "--timeout-ms", "1000"));

        assertThat(all).hasSize(6).extracting(line -> words(line).get(3))
                .containsExactlyInAnyOrder("value-a", "value-b", "value-c", "value-d", "value-e", "value-f");
        assertThat(all).allSatisfy(line -> assertThat(words(line).get(3)).isEqualTo("value-" + words(line).get(2)));
        assertThat(onlyNew.out()).isEmpty();
        assertThat(onlyNew.err()).isEqualTo("Consumed 0 record(s).\n");
    }

    @Test
    void unknownTopicsFailWithOneLineAndAreNotAutoCreated() {
        String topic = BrokerExtension.uniqueTopic("cli-missing");
        String expected = "mq: topic '" + topic + "' does not exist\n";

        for (CliRun run : List.of(mq("topics", "describe", topic), mq("topics", "delete", topic),
                mq("produce", topic, "v"), mq("consume", topic, "--timeout-ms", "500"))) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).isEqualTo(expected);
            assertThat(run.out()).isEmpty();
        }
        assertThat(succeeded(mq("topics", "list")).out()).doesNotContain(topic);
    }

    @Test
    void brokerRefusalsAreReportedWithTheBrokersReason() {
        String topic = BrokerExtension.uniqueTopic("cli-refused");
        succeeded(mq("topics", "create", topic));

        CliRun again = mq("topics", "create", topic);
        CliRun compacted = mq("topics", "create", topic + "-c", "--config", "cleanup.policy=compact");

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("mq: topic '" + topic + "' already exists\n");
        assertThat(compacted.exitCode()).isEqualTo(1);
        assertThat(compacted.err()).startsWith("mq: ").contains("cleanup.policy").doesNotContain("\n\n");
        assertThat(compacted.err().lines()).hasSize(1);
    }

    @Test
    void badUsageExitsWith2AndTouchesNothing() {
        CliRun run = mq("topics", "create", "--partitions", "2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("NAME").contains("Run 'mq topics create --help'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnreachableBrokerFailsWithinTheTimeoutInsteadOfHanging(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "request.timeout.ms=1000\ndefault.api.timeout.ms=2000\nmax.block.ms=2000\n");
        String nobody = "127.0.0.1:" + TestFiles.freePort();

        for (String[] command : List.of(new String[] {"topics", "list"}, new String[] {"produce", "t", "v"})) {
            long start = System.nanoTime();
            CliRun run = CliRun.run(ClientFactory.kafka(), "", concat(command,
                    "--bootstrap-server", nobody, "--command-config", config.toString()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).startsWith("mq: no answer from the broker at " + nobody).endsWith("\n");
            assertThat(run.err().lines()).hasSize(1);
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }
    }

    private static String[] concat(String[] first, String... second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}

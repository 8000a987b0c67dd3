package io.seckill.mq.broker.cli;

import io.seckill.mq.broker.testing.BrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.atIndex;

/** {@code mq groups} against the real broker's group coordinator: list, describe with lag, reset-offsets. */
@ExtendWith(BrokerExtension.class)
@Timeout(180)
class MqCliGroupsIT {

    private static final String GROUP_TIMEOUT_MS = "30000";

    private static CliRun mq(String... args) {
        String[] withBroker = new String[args.length + 2];
        System.arraycopy(args, 0, withBroker, 0, args.length);
        withBroker[args.length] = "--bootstrap-server";
        withBroker[args.length + 1] = BrokerExtension.bootstrapServers();
        return CliRun.run(ClientFactory.kafka(), "", withBroker);
    }

    private static CliRun succeeded(CliRun run) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    private static List<String> words(String line) {
        return List.of(line.trim().split("\\s+"));
    }

    /** The table row of partition 0 of {@code topic} in a {@code groups describe} or {@code reset-offsets} output. */
    private static List<String> row(CliRun run, String topic) {
        return run.out().lines().filter(line -> line.startsWith(topic + " ")).map(MqCliGroupsIT::words)
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + topic + " in\n" + run));
    }

    /** A topic with one partition holding ten records, and a group that consumed (and committed) the first four. */
    private static String topicConsumedUpTo4(String group) {
        String topic = BrokerExtension.uniqueTopic("cli-groups");
        succeeded(mq("topics", "create", topic, "--partitions", "1"));
        succeeded(mq("produce", topic, "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"));
        CliRun consumed = succeeded(mq("consume", topic, "--group", group, "--from-beginning", "--max", "4",
                "--timeout-ms", GROUP_TIMEOUT_MS));
        assertThat(consumed.out().lines()).containsExactly("0 0 null r0", "0 1 null r1", "0 2 null r2", "0 3 null r3");
        return topic;
    }

    @Test
    void describeShowsCommittedOffsetLogEndAndLagPerPartition() {
        String group = BrokerExtension.uniqueTopic("cli-group");
        String topic = topicConsumedUpTo4(group);

        CliRun described = succeeded(mq("groups", "describe", group));

        assertThat(described.out()).startsWith("Group:     " + group + "\nState:     Empty\nMembers:   0\n"
                + "Total lag: 6\n\n");
        assertThat(described.out().lines()).anySatisfy(line -> assertThat(words(line)).containsExactly(
                "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"));
        assertThat(row(described, topic)).containsExactly(topic, "0", "4", "10", "6", "-", "-", "-");
        assertThat(succeeded(mq("groups", "list")).out().lines())
                .anySatisfy(line -> assertThat(words(line)).containsExactly(group, "Empty"));
    }

    @Test
    void theNextConsumerOfTheGroupResumesAtTheCommittedOffset() {
        String group = BrokerExtension.uniqueTopic("cli-group");
        String topic = topicConsumedUpTo4(group);

        CliRun rest = succeeded(mq("consume", topic, "--group", group, "--max", "6", "--timeout-ms", GROUP_TIMEOUT_MS));

        assertThat(rest.out().lines()).first().isEqualTo("0 4 null r4");
        assertThat(rest.out().lines()).hasSize(6);
        assertThat(row(succeeded(mq("groups", "describe", group)), topic)).containsSequence("10", "10", "0");
    }

    @Test
    void resetOffsetsIsADryRunUntilExecuteIsGiven() {
        String group = BrokerExtension.uniqueTopic("cli-group");
        String topic = topicConsumedUpTo4(group);

        CliRun dryRun = succeeded(mq("groups", "reset-offsets", group, "--topic", topic, "--to-earliest"));
        assertThat(row(dryRun, topic)).containsExactly(topic, "0", "4", "0");
        assertThat(dryRun.out()).endsWith("Dry run: nothing changed. Add --execute to commit these offsets.\n");
        assertThat(row(succeeded(mq("groups", "describe", group)), topic)).contains("4", atIndex(2));

        succeeded(mq("groups", "reset-offsets", group, "--topic", topic, "--to-offset", "7", "--execute"));
        assertThat(row(succeeded(mq("groups", "describe", group)), topic)).containsSequence("7", "10", "3");

        succeeded(mq("groups", "reset-offsets", group, "--topic", topic, "--to-datetime", "2100-01-01T00:00:00Z",
                "--execute"));
        assertThat(row(succeeded(mq("groups", "describe", group)), topic)).containsSequence("10", "10", "0");

        CliRun earliest = succeeded(mq("groups", "reset-offsets", group, "--topic", topic, "--to-earliest", "--execute"));
        assertThat(earliest.out()).endsWith("Reset the offsets of group " + group + " on 1 partition(s) of " + topic + ".\n");
        CliRun again = succeeded(mq("consume", topic, "--group", group, "--max", "1", "--timeout-ms", GROUP_TIMEOUT_MS));
        assertThat(again.out()).isEqualTo("0 0 null r0\n");
    }

    @Test
    void resetOffsetsRefusesWhileTheGroupHasMembersAndDescribeShowsThem() {
        String group = BrokerExtension.uniqueTopic("cli-group");
        String topic = topicConsumedUpTo4(group);
        try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BrokerExtension.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.CLIENT_ID_CONFIG, "lag-watcher",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            member.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (member.assignment().isEmpty() && System.nanoTime() < deadline) {
                member.poll(Duration.ofMillis(100));
            }
            assertThat(member.assignment()).isNotEmpty();

            CliRun refused = mq("groups", "reset-offsets", group, "--topic", topic, "--to-earliest", "--execute");
            List<String> owned = row(succeeded(mq("groups", "describe", group)), topic);

            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).isEqualTo("mq: group '" + group + "' is not empty (state Stable, 1 member(s)): "
                    + "stop its consumers before resetting offsets\n");
            assertThat(owned.subList(0, 5)).containsExactly(topic, "0", "4", "10", "6");
            assertThat(owned.getLast()).isEqualTo("lag-watcher");
        }
    }

    @Test
    void describingAnUnknownGroupFailsWithOneLine() {
        String group = BrokerExtension.uniqueTopic("cli-no-group");

        CliRun run = mq("groups", "describe", group);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("mq: group '" + group + "' does not exist\n");
    }
}

package io.seckill.compat.cli;

import io.seckill.compat.broker.BrokerExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.seckill.compat.cli.KafkaTool.CONSOLE_CONSUMER;
import static io.seckill.compat.cli.KafkaTool.CONSOLE_PRODUCER;
import static io.seckill.compat.cli.KafkaTool.CONSUMER_GROUP_COMMAND;
import static io.seckill.compat.cli.KafkaTool.CONSUMER_PERFORMANCE;
import static io.seckill.compat.cli.KafkaTool.END_TO_END_LATENCY;
import static io.seckill.compat.cli.KafkaTool.PRODUCER_PERFORMANCE;
import static io.seckill.compat.cli.KafkaTool.TOPIC_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Apache Kafka command-line tools (kafka-tools 4.1.2), unmodified, against mq-broker: each runs in
 * its own JVM as {@code kafka-topics.sh}, {@code kafka-console-producer.sh} etc. would run it, and its
 * exit code and output are checked.
 */
class KafkaCliToolsIT {

    @RegisterExtension
    static final BrokerExtension broker = BrokerExtension.mqBroker();

    @Test
    void topicCommandCreatesListsDescribesAndDeletesATopic() {
        String topic = unique("cli-topic");

        KafkaTool.Result created = KafkaTool.run(TOPIC_COMMAND, "--bootstrap-server", bootstrap(), "--create",
                "--topic", topic, "--partitions", "3", "--replication-factor", "1", "--config", "retention.ms=3600000");
        assertThat(created.exitCode()).as("%s", created).isZero();
        assertThat(created.stdoutLines()).as("%s", created).containsExactly("Created topic " + topic + ".");

        assertThat(listTopics()).contains(topic);

        KafkaTool.Result described = KafkaTool.run(TOPIC_COMMAND, "--bootstrap-server", bootstrap(), "--describe",
                "--topic", topic);
        assertThat(described.exitCode()).as("%s", described).isZero();
        List<String> lines = described.stdoutLines();
        assertThat(lines).as("%s", described).hasSize(4);
        assertThat(lines.getFirst()).matches("Topic: " + topic + "\\s+TopicId: \\S+\\s+PartitionCount: 3\\s+"
                + "ReplicationFactor: 1\\s+Configs: .*retention\\.ms=3600000.*");
        for (int partition = 0; partition < 3; partition++) {
            assertThat(lines.get(1 + partition)).matches("\\s*Topic: " + topic + "\\s+Partition: " + partition
                    + "\\s+Leader: (\\d+)\\s+Replicas: \\1\\s+Isr: \\1\\b.*");
        }

        KafkaTool.Result deleted = KafkaTool.run(TOPIC_COMMAND, "--bootstrap-server", bootstrap(), "--delete",
                "--topic", topic);
        assertThat(deleted.exitCode()).as("%s", deleted).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(listTopics()).doesNotContain(topic));
    }

    @Test
    void consoleConsumerInAGroupReadsWhatConsoleProducerWroteAndConsumerGroupCommandShowsAndResetsTheLag() {
        String topic = unique("cli-console");
        String group = unique("cli-group");
        createTopic(topic, 1);
        List<String> messages = IntStream.range(0, 10).mapToObj(i -> "message-" + i).toList();

        KafkaTool.Result produced = KafkaTool.runWithInput(String.join("\n", messages) + "\n", CONSOLE_PRODUCER,
                "--bootstrap-server", bootstrap(), "--topic", topic);
        assertThat(produced.exitCode()).as("%s", produced).isZero();

        // One record per poll, so the position committed on close is exactly after the last record printed.
        KafkaTool.Result firstSix = consume(group, topic, 6, "--from-beginning", "--consumer-property", "max.poll.records=1");
        assertThat(firstSix.stdoutLines()).as("%s", firstSix).containsExactlyElementsOf(messages.subList(0, 6));
        assertThat(firstSix.stderr()).contains("Processed a total of 6 messages");

        assertThat(describeGroupRow(group, topic)).containsExactly(group, topic, "0", "6", "10", "4");

        KafkaTool.Result listed = KafkaTool.run(CONSUMER_GROUP_COMMAND, "--bootstrap-server", bootstrap(), "--list");
        assertThat(listed.exitCode()).as("%s", listed).isZero();
        assertThat(listed.stdoutLines()).as("%s", listed).contains(group);

        KafkaTool.Result reset = KafkaTool.run(CONSUMER_GROUP_COMMAND, "--bootstrap-server", bootstrap(),
                "--reset-offsets", "--group", group, "--topic", topic, "--to-earliest", "--execute");
        assertThat(reset.exitCode()).as("%s", reset).isZero();
        assertThat(rowOf(reset, group, topic)).as("%s", reset).containsExactly(group, topic, "0", "0");

        assertThat(describeGroupRow(group, topic)).containsExactly(group, topic, "0", "0", "10", "10");

        KafkaTool.Result all = consume(group, topic, 10);
        assertThat(all.stdoutLines()).as("%s", all).containsExactlyElementsOf(messages);
    }

    @Test
    void producerPerformanceAndConsumerPerformanceMoveEveryRecordAndReportTheirThroughput() {
        String topic = unique("cli-perf");
        createTopic(topic, 3);
        int records = 20_000;

        KafkaTool.Result produced = KafkaTool.run(PRODUCER_PERFORMANCE, "--topic", topic,
                "--num-records", String.valueOf(records), "--record-size", "100", "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrap(), "acks=all");
        assertThat(produced.exitCode()).as("%s", produced).isZero();
        assertThat(produced.stdoutLines().getLast()).as("%s", produced).matches(records + " records sent, [\\d.]+ records/sec "
                + "\\([\\d.]+ MB/sec\\), [\\d.]+ ms avg latency, [\\d.]+ ms max latency, \\d+ ms 50th, \\d+ ms 95th, "
                + "\\d+ ms 99th, \\d+ ms 99\\.9th\\.");

        KafkaTool.Result consumed = KafkaTool.run(CONSUMER_PERFORMANCE, "--bootstrap-server", bootstrap(),
                "--topic", topic, "--messages", String.valueOf(records), "--group", unique("cli-perf-group"),
                "--timeout", "30000");
        assertThat(consumed.exitCode()).as("%s", consumed).isZero();
        List<String> lines = consumed.stdoutLines();
        assertThat(lines).as("%s", consumed).hasSize(2);
        assertThat(lines.getFirst()).startsWith("start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec");
        String[] figures = lines.getLast().split(",\\s*");
        assertThat(figures).as("%s", consumed).hasSize(10);
        assertThat(Long.parseLong(figures[4])).as("data.consumed.in.nMsg").isEqualTo(records);
    }

    @Test
    void endToEndLatencyRoundTripsEveryMessageAndReportsPercentiles() {
        String topic = unique("cli-latency");
        createTopic(topic, 1);

        KafkaTool.Result result = KafkaTool.run(END_TO_END_LATENCY, bootstrap(), topic, "500", "all", "100");
        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.stdoutLines()).as("%s", result)
                .anySatisfy(line -> assertThat(line).matches("Avg latency: [\\d.]+ ms"))
                .anySatisfy(line -> assertThat(line).matches("Percentiles: 50th = \\d+, 99th = \\d+, 99\\.9th = \\d+"));
    }

    private static KafkaTool.Result consume(String group, String topic, int maxMessages, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrap(), "--topic", topic,
                "--group", group, "--max-messages", String.valueOf(maxMessages), "--timeout-ms", "30000"));
        args.addAll(Arrays.asList(extraArgs));
        KafkaTool.Result result = KafkaTool.run(CONSOLE_CONSUMER, args.toArray(String[]::new));
        assertThat(result.exitCode()).as("%s", result).isZero();
        return result;
    }

    /** {@code GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG} of the group's only partition. */
    private static List<String> describeGroupRow(String group, String topic) {
        KafkaTool.Result described = KafkaTool.run(CONSUMER_GROUP_COMMAND, "--bootstrap-server", bootstrap(),
                "--describe", "--group", group);
        assertThat(described.exitCode()).as("%s", described).isZero();
        assertThat(described.stdout()).as("%s", described)
                .containsPattern("GROUP\\s+TOPIC\\s+PARTITION\\s+CURRENT-OFFSET\\s+LOG-END-OFFSET\\s+LAG");
        return rowOf(described, group, topic).subList(0, 6);
    }

    /** The whitespace-separated columns of the single output row that starts with the group and topic. */
    private static List<String> rowOf(KafkaTool.Result result, String group, String topic) {
        List<List<String>> rows = result.stdoutLines().stream()
                .map(line -> List.of(line.trim().split("\\s+")))
                .filter(columns -> columns.size() >= 2 && columns.get(0).equals(group) && columns.get(1).equals(topic))
                .toList();
        assertThat(rows).as("%s", result).hasSize(1);
        return rows.getFirst();
    }

    private static List<String> listTopics() {
        KafkaTool.Result listed = KafkaTool.run(TOPIC_COMMAND, "--bootstrap-server", bootstrap(), "--list");
        assertThat(listed.exitCode()).as("%s", listed).isZero();
        return listed.stdoutLines();
    }

    private static void createTopic(String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not create topic " + topic, e);
        }
    }

    private static String bootstrap() {
        return broker.bootstrapServers();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

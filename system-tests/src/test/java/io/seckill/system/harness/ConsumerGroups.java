package io.seckill.system.harness;

import io.seckill.common.messaging.Topics;
import io.seckill.mq.client.MqContract;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The services' consumer groups on the business topics, read with the Kafka Admin API: a group with live members
 * has caught up when its committed offset of every business-topic partition it reads is at the partition's end.
 * Groups without members (left behind by killed or stopped instances) and the protocol's own {@code __mq_*} groups
 * are not asked. Thread-safe (no shared state).
 */
public final class ConsumerGroups {

    private final String bootstrapServers;

    public ConsumerGroups(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Waits until every live group has consumed every business message written so far. */
    public void awaitCaughtUp(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(lagging()).as("consumer groups behind the end of their topics")
                        .isEmpty());
    }

    /** Live group → business-topic partitions it has not consumed to the end, with the lag. */
    public Map<String, Map<TopicPartition, Long>> lagging() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<String, Map<TopicPartition, Long>> lagging = new HashMap<>();
            for (String group : liveGroups(admin)) {
                Map<TopicPartition, Long> lag = lag(admin, group);
                if (!lag.isEmpty()) {
                    lagging.put(group, lag);
                }
            }
            return lagging;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read consumer groups", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> liveGroups(Admin admin) throws ExecutionException, InterruptedException {
        List<String> groups = admin.listConsumerGroups().all().get().stream()
                .map(ConsumerGroupListing::groupId)
                .filter(group -> !group.startsWith("__mq_"))
                .toList();
        if (groups.isEmpty()) {
            return groups;
        }
        Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get();
        return described.values().stream()
                .filter(group -> group.groupState() == GroupState.STABLE && !group.members().isEmpty())
                .map(ConsumerGroupDescription::groupId)
                .toList();
    }

    private static Map<TopicPartition, Long> lag(Admin admin, String group)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> e.getValue() != null && isBusinessTopic(e.getKey().topic()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (committed.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet()
                .stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
        Map<TopicPartition, Long> lag = new HashMap<>();
        committed.forEach((partition, offset) -> {
            long behind = ends.get(partition).offset() - offset.offset();
            if (behind > 0) {
                lag.put(partition, behind);
            }
        });
        return lag;
    }

    private static boolean isBusinessTopic(String topic) {
        return Topics.ALL.contains(topic) && !MqContract.Topics.isInternal(topic);
    }
}

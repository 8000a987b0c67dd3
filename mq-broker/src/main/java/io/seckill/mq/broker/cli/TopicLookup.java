package io.seckill.mq.broker.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Looks a topic up before a command uses it, so that an unknown name fails with one clear line
 * instead of a client waiting for metadata or the broker auto-creating the topic.
 */
final class TopicLookup {

    private TopicLookup() {
    }

    static TopicDescription describe(Admin admin, String topic) throws ExecutionException, InterruptedException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        } catch (ExecutionException e) {
            throw unknownTopicOr(e, topic);
        }
    }

    /** The topic's partitions in partition order. */
    static List<TopicPartition> partitions(Admin admin, String topic) throws ExecutionException, InterruptedException {
        return partitionsOf(describe(admin, topic));
    }

    static List<TopicPartition> partitionsOf(TopicDescription topic) {
        return topic.partitions().stream()
                .map(partition -> new TopicPartition(topic.name(), partition.partition()))
                .toList();
    }

    /** A {@link CliException} naming the topic when {@code failure} says it does not exist, else {@code failure}. */
    static ExecutionException unknownTopicOr(ExecutionException failure, String topic) {
        if (failure.getCause() instanceof UnknownTopicOrPartitionException) {
            throw new CliException("topic '" + topic + "' does not exist");
        }
        return failure;
    }
}

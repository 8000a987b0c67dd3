package io.seckill.mq.broker.it;

import io.seckill.mq.broker.testing.BrokerExtension;
import io.seckill.mq.broker.testing.RawKafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.seckill.mq.broker.it.ConsumerGroupIT.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator's view of groups through the Admin client: list, reset, delete, and what is refused. */
@ExtendWith(BrokerExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GroupAdminIT {

    @Test
    void activeGroupsAreListedAndProtectedAndEmptyOnesCanBeResetAndDeleted() throws Exception {
        String bootstrap = BrokerExtension.bootstrapServers();
        String topic = BrokerExtension.uniqueTopic("admin");
        String group = BrokerExtension.uniqueTopic("operated");
        BrokerClients.createTopic(bootstrap, topic, 2);
        try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(bootstrap, Map.of())) {
            ConsumerGroupIT.produce(producer, topic, 0, 50);
        }
        TopicPartition p0 = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            ConsumptionLedger ledger = new ConsumptionLedger();
            try (GroupConsumer member = new GroupConsumer(bootstrap, group, topic, Map.of(), ledger::record)) {
                awaitTrue("the member owns both partitions", () -> member.assignment().size() == 2);
                assertThat(admin.listGroups(new ListGroupsOptions().inGroupStates(Set.of(GroupState.STABLE)))
                        .all().get()).extracting(GroupListing::groupId).contains(group);
                assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of(group)).all().get())
                        .cause().isInstanceOf(GroupNotEmptyException.class);
                assertThatThrownBy(() -> admin.deleteConsumerGroupOffsets(group, Set.of(p0)).all().get())
                        .cause().isInstanceOf(GroupSubscribedToTopicException.class);
            }

            admin.alterConsumerGroupOffsets(group, Map.of(p0, new OffsetAndMetadata(7, "reset"))).all().get();
            OffsetAndMetadata reset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(p0);
            assertThat(reset.offset()).isEqualTo(7);
            assertThat(reset.metadata()).isEqualTo("reset");
            admin.deleteConsumerGroupOffsets(group, Set.of(p0)).all().get();
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).doesNotContainKey(p0);

            admin.deleteConsumerGroups(List.of(group)).all().get();
            assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId).doesNotContain(group);
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).isEmpty();
        }
    }

    @Test
    void theOffsetsTopicIsInternalAndCannotBeDeletedOrWrittenByClients() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BrokerExtension.bootstrapServers()))) {
            assertThatThrownBy(() -> admin.deleteTopics(List.of(Topic.GROUP_METADATA_TOPIC_NAME)).all().get())
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidTopicException.class);
            assertThat(admin.listTopics().names().get()).doesNotContain(Topic.GROUP_METADATA_TOPIC_NAME);
        }
        try (KafkaProducer<byte[], byte[]> producer = BrokerClients.producer(BrokerExtension.bootstrapServers(),
                Map.of("retries", 0))) {
            assertThatThrownBy(() -> producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    Topic.GROUP_METADATA_TOPIC_NAME, 0, null, "forged".getBytes())).get())
                    .cause().isInstanceOf(InvalidTopicException.class);
        }
    }

    @Test
    void transactionCoordinatorsAreNotOffered() throws Exception {
        try (RawKafkaConnection connection = new RawKafkaConnection(BrokerExtension.broker().port(), 10_000)) {
            FindCoordinatorResponse response = (FindCoordinatorResponse) connection.roundTrip(
                    new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                            .setKeyType(FindCoordinatorRequest.CoordinatorType.TRANSACTION.id())
                            .setCoordinatorKeys(List.of("tx-1"))), (short) 4);

            assertThat(response.coordinators()).singleElement()
                    .satisfies(c -> assertThat(c.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code()));
        }
    }
}
